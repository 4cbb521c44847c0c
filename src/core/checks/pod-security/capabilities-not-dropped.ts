import { defineCheck } from "../types.js";
import { isWindowsPod, perContainer, WINDOWS_NOT_APPLICABLE, WORKLOAD_CHECK_KINDS } from "./container-rules.js";
import { RUNTIME_DEFAULT_CAPABILITIES, droppedCapabilities, dropsCapability } from "./capabilities.js";

export const capabilitiesNotDropped = defineCheck({
  id: "capabilities-not-dropped",
  title: "Containers should drop all capabilities",
  severity: "medium",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    cis: ["5.2.9"],
    polaris: ["insecureCapabilities"],
    checkov: ["CKV_K8S_37"],
    trivy: ["KSV-0003", "KSV003"],
  },
  description:
    "Unless a container drops them, the runtime grants it a default set of capabilities (CHOWN, DAC_OVERRIDE, NET_RAW, SETUID, ...) that most applications never use. `drop: [ALL]`, or dropping every one of the runtime defaults, passes.",
  remediation:
    "Set `securityContext.capabilities.drop: [ALL]` and add back only what the process needs (usually nothing, sometimes NET_BIND_SERVICE).",
  evaluate: (ctx) =>
    perContainer(
      ctx,
      (c, w) => {
        if (isWindowsPod(w)) return WINDOWS_NOT_APPLICABLE;
        // Asked first, without listing: most containers drop ALL or nothing.
        if (dropsCapability(c, "ALL")) return null;
        const dropped = droppedCapabilities(c);
        if (dropped.length === 0) return `${c.label} drops no capabilities`;
        const kept = RUNTIME_DEFAULT_CAPABILITIES.filter((cap) => !dropped.includes(cap));
        return kept.length === 0 ? null : `${c.label} does not drop ALL and keeps ${kept.join(", ")}`;
      },
      "drops all capabilities",
    ),
});
