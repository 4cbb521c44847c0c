import type { Probe } from "../../snapshot/k8s-types.js";

// Jobs run to completion; nothing routes traffic to them and a restart loop is
// their own retry policy, so probes do not apply.
export const BATCH_KINDS = { kinds: ["Job", "CronJob"], reason: "batch workloads run to completion; probes do not apply" };

export function hasProbe(probe: Probe | null | undefined): boolean {
  return typeof probe === "object" && probe !== null;
}
