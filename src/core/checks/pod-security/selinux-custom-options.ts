import type { SELinuxOptions } from "../../snapshot/k8s-types.js";
import { defineCheck } from "../types.js";
import { perContainer, WORKLOAD_CHECK_KINDS } from "./container-rules.js";

// Pod Security Standards (baseline): only the container types may be chosen;
// a custom user or role would let the container run in a host SELinux domain.
const ALLOWED_TYPES = new Set(["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]);

function problems(options: SELinuxOptions | null | undefined): string[] {
  if (!options) return [];
  const out: string[] = [];
  if (typeof options.user === "string" && options.user !== "") out.push(`user ${options.user}`);
  if (typeof options.role === "string" && options.role !== "") out.push(`role ${options.role}`);
  if (typeof options.type === "string" && !ALLOWED_TYPES.has(options.type)) out.push(`type ${options.type}`);
  return out;
}

export const selinuxCustomOptions = defineCheck({
  id: "selinux-custom-options",
  title: "Containers must not set custom SELinux users, roles or types",
  severity: "medium",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    trivy: ["KSV-0025", "KSV025"],
  },
  description:
    "A custom SELinux user or role, or a type other than the container types (container_t, container_init_t, container_kvm_t, container_engine_t), can put the container into a host domain and switch off SELinux confinement.",
  remediation:
    "Remove `seLinuxOptions.user` and `role`; set `type` only to one of the container types, or leave it to the runtime. Keep `level` for MCS separation.",
  evaluate: (ctx) =>
    perContainer(
      ctx,
      (c) => {
        const found = problems(c.securityContext.seLinuxOptions);
        return found.length > 0 ? `${c.label} sets SELinux ${found.join(", ")}` : null;
      },
      "no custom SELinux user, role or type",
    ),
});
