import { defineCheck } from "../types.js";
import { isWindowsPod, perContainer, WINDOWS_NOT_APPLICABLE, WORKLOAD_CHECK_KINDS } from "./container-rules.js";
import { addedCapabilities, droppedCapabilities } from "./capabilities.js";

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
        const added = addedCapabilities(c);
        if (added.includes("NET_RAW") || added.includes("ALL")) return `${c.label} adds ${added.includes("ALL") ? "ALL" : "NET_RAW"}`;
        const dropped = droppedCapabilities(c);
        return dropped.includes("ALL") || dropped.includes("NET_RAW") ? null : `${c.label} does not drop NET_RAW`;
      },
      "NET_RAW dropped",
    ),
});
