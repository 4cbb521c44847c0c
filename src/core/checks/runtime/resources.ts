import { perContainer } from "../pod-security/container-rules.js";
import type { CheckContext, CheckResult } from "../types.js";

/** Regular and init containers; ephemeral containers cannot carry resources. */
export function resourceRule(ctx: CheckContext, field: "requests" | "limits", resource: "cpu" | "memory"): CheckResult[] {
  return perContainer(
    ctx,
    (c) => {
      const value = c.container.resources?.[field]?.[resource];
      if (value === undefined || value === null || value === "") return `${c.label} has no ${resource} ${field === "requests" ? "request" : "limit"}`;
      return null;
    },
    `${resource} ${field === "requests" ? "request" : "limit"} set`,
    { types: ["container", "initContainer"] },
  );
}
