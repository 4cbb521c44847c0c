import { defineCheck } from "../types.js";
import { perContainer, WORKLOAD_CHECK_KINDS } from "./container-rules.js";

export const apparmorUnconfined = defineCheck({
  id: "apparmor-unconfined",
  title: "Containers must not disable AppArmor",
  severity: "medium",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    trivy: ["KSV-0002", "KSV002"],
  },
  description:
    "An AppArmor profile of `Unconfined` (field or legacy `container.apparmor.security.beta.kubernetes.io/` annotation) turns off the runtime's default profile on nodes that enforce AppArmor. Unset, `RuntimeDefault` and `Localhost` pass.",
  remediation:
    "Remove the Unconfined profile, or write a `Localhost` profile for what the container really needs and load it on the nodes.",
  evaluate: (ctx) =>
    perContainer(
      ctx,
      (c) => {
        const type = c.securityContext.appArmorProfile?.type;
        if (type === undefined || type === null || type === "RuntimeDefault" || type === "Localhost") return null;
        return type === "Unconfined"
          ? `${c.label} runs with AppArmor Unconfined`
          : `${c.label} sets AppArmor profile "${String(type)}", which is not RuntimeDefault or Localhost`;
      },
      "AppArmor not disabled",
    ),
});
