import { perContainer, type LabeledContainer } from "../pod-security/container-rules.js";
import type { CheckContext, CheckResult } from "../types.js";

type Field = "requests" | "limits";
type Resource = "cpu" | "memory";

// One reader per pair, each with fixed property names: the rule runs for every
// container, and a property looked up by a variable name is the slow kind.
const READERS: Record<Field, Record<Resource, (c: LabeledContainer) => unknown>> = {
  requests: { cpu: (c) => c.container.resources?.requests?.cpu, memory: (c) => c.container.resources?.requests?.memory },
  limits: { cpu: (c) => c.container.resources?.limits?.cpu, memory: (c) => c.container.resources?.limits?.memory },
};

const CONTAINER_TYPES: LabeledContainer["type"][] = ["container", "initContainer"];

/** Regular and init containers; ephemeral containers cannot carry resources. */
export function resourceRule(ctx: CheckContext, field: Field, resource: Resource): CheckResult[] {
  const read = READERS[field][resource];
  const what = `${resource} ${field === "requests" ? "request" : "limit"}`;
  // Built once: a failing container's message is then one concatenation.
  const missing = ` has no ${what}`;
  return perContainer(
    ctx,
    (c) => {
      const value = read(c);
      if (value === undefined || value === null || value === "") return c.label + missing;
      return null;
    },
    `${what} set`,
    { types: CONTAINER_TYPES },
  );
}
