import { defineCheck } from "../types.js";
import { nodeAgentCoverage, RUNTIME_SECURITY } from "./agents.js";

export const runtimeSecurityAgent = defineCheck({
  id: "runtime-security-agent",
  title: "A runtime security agent watches every node",
  severity: "medium",
  category: "audit-logging",
  needs: ["heuristic"],
  kinds: ["DaemonSet", "Node"],
  references: {},
  description:
    "Configuration audits find what could go wrong; a runtime agent (Falco, Tetragon, KubeArmor, Tracee, NeuVector, Sysdig, commercial sensors) sees a shell spawned in a container, a read of a ServiceAccount token or a crypto miner as it happens. It only helps on the nodes it runs on. Recognised by name, labels and image: a heuristic.",
  remediation:
    "Deploy a runtime detection agent as a DaemonSet tolerating every node taint, route its alerts to the on-call channel, and start from its default rules for container escapes and credential access.",
  evaluate: (ctx) => nodeAgentCoverage(ctx.index, RUNTIME_SECURITY, "runtime security agent"),
});
