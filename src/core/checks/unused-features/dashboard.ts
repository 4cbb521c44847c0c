// Recognising the Kubernetes Dashboard the way peers do (Checkov: image names
// and app labels), and the ServiceAccount it runs as.
import type { SnapshotIndex } from "../../snapshot/index.js";
import type { Workload } from "../../snapshot/workloads.js";
import { serviceAccountOf } from "../secrets/service-account-token.js";
import { memoizeBy } from "../../memo.js";

export const DASHBOARD_NAME = "kubernetes-dashboard";

const DASHBOARD_IMAGE = /kubernetesui\/|kubernetes-dashboard/;

export function isDashboard(w: Workload): boolean {
  const l = w.podLabels;
  if (
    l["app"] === DASHBOARD_NAME ||
    l["k8s-app"] === DASHBOARD_NAME ||
    l["app.kubernetes.io/name"] === DASHBOARD_NAME ||
    l["app.kubernetes.io/part-of"] === DASHBOARD_NAME
  )
    return true;
  // A loop, and the pattern made once: this is asked of every workload.
  const containers = w.containers;
  for (let i = 0; i < containers.length; i++) if (DASHBOARD_IMAGE.test(containers[i]!.container.image ?? "")) return true;
  return false;
}

// Three checks look for the Dashboard among every workload: look once per audit.
/** The workloads that are the Kubernetes Dashboard, in snapshot order. */
export const dashboardWorkloads = memoizeBy((index: SnapshotIndex): readonly Workload[] => index.workloads().filter(isDashboard));

/** "namespace/name" of every ServiceAccount the dashboard runs as, plus the conventional name in any namespace. */
export function dashboardAccounts(index: SnapshotIndex): { keys: Set<string>; isDashboardAccount(ns: string, name: string): boolean } {
  const keys = new Set(dashboardWorkloads(index).map((w) => `${w.namespace}/${serviceAccountOf(w)}`));
  return {
    keys,
    // Asked of every workload and binding subject: no key is built while there is none to find.
    isDashboardAccount: (ns, name) => name === DASHBOARD_NAME || (keys.size > 0 && keys.has(`${ns}/${name}`)),
  };
}
