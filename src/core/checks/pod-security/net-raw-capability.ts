import { defineCheck } from "../types.js";
import { isWindowsPod, perContainer, WINDOWS_NOT_APPLICABLE, WORKLOAD_CHECK_KINDS } from "./container-rules.js";
import { addsCapability, dropsCapability } from "./capabilities.js";

export const netRawCapability = defineCheck({
  id: "net-raw-capability",
  title: "Containers should not keep the NET_RAW capability",
  severity: "low",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    cis: ["5.2.8"],
    checkov: ["CKV_K8S_28"],
  },
  description:
    "NET_RAW is in the runtime's default set; it lets a container forge packets and spoof or intercept traffic of other pods on the node (ARP and DNS spoofing).",
  remediation: "Add NET_RAW (or ALL) to `securityContext.capabilities.drop`, and do not add it back.",
  evaluate: (ctx) =>
    perContainer(
      ctx,
      (c, w) => {
        if (isWindowsPod(w)) return WINDOWS_NOT_APPLICABLE;
        if (addsCapability(c, "ALL")) return `${c.label} adds ALL`;
        if (addsCapability(c, "NET_RAW")) return `${c.label} adds NET_RAW`;
        return dropsCapability(c, "ALL") || dropsCapability(c, "NET_RAW") ? null : `${c.label} does not drop NET_RAW`;
      },
      "NET_RAW dropped",
    ),
});
