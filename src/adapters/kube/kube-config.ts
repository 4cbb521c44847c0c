// Loads the credentials the live reader uses: a kubeconfig file and one of its
// contexts, or the pod's own service account. Paths come from the composition
// root (which reads KUBECONFIG); nothing here looks at the environment itself.
import { KubeConfig } from "@kubernetes/client-node";
import { InputError } from "../../core/errors.js";

/** The context name client-node gives the service-account configuration. */
const IN_CLUSTER_CONTEXT = "inClusterContext";

export type KubeConfigSource = { inCluster: true } | { inCluster?: false; file?: string; context?: string };

/**
 * Without a file, client-node's default lookup applies (KUBECONFIG, then
 * ~/.kube/config), the same rules kubectl follows.
 */
export function loadKubeConfig(source: KubeConfigSource): KubeConfig {
  const kc = new KubeConfig();
  if (source.inCluster) {
    kc.loadFromCluster();
    return kc;
  }
  const where = source.file ?? "the default kubeconfig";
  try {
    if (source.file) kc.loadFromFile(source.file);
    else kc.loadFromDefault();
  } catch (err) {
    const code = typeof err === "object" && err !== null && "code" in err ? String(err.code) : "";
    const why = code === "ENOENT" ? "file not found" : code ? code : "not a valid kubeconfig";
    throw new InputError(`cannot read kubeconfig ${where}: ${why}`);
  }
  const wanted = source.context ?? kc.getCurrentContext();
  if (!wanted) throw new InputError(`kubeconfig ${where} has no current-context; name one with --context`);
  if (!kc.getContextObject(wanted)) {
    const known = kc.getContexts().map((c) => c.name).join(", ") || "none";
    throw new InputError(`kubeconfig ${where} has no context "${wanted}" (contexts: ${known})`);
  }
  kc.setCurrentContext(wanted);
  if (!kc.getCurrentCluster()) throw new InputError(`context "${wanted}" in ${where} names a cluster the file does not define`);
  return kc;
}

/** Which cluster a reader or writer talks to: credentials already loaded, or where to load them from. */
export interface KubeTarget {
  /** Loaded credentials; when absent they are loaded from the three fields below. */
  kubeConfig?: KubeConfig;
  /** A kubeconfig file; without one, KUBECONFIG or ~/.kube/config as kubectl does. */
  kubeconfigPath?: string;
  context?: string;
  /** Use the pod's service account instead of a kubeconfig. */
  inCluster?: boolean;
}

export function kubeConfigFor(target: KubeTarget): KubeConfig {
  if (target.kubeConfig) return target.kubeConfig;
  return loadKubeConfig(
    target.inCluster
      ? { inCluster: true }
      : { ...(target.kubeconfigPath ? { file: target.kubeconfigPath } : {}), ...(target.context ? { context: target.context } : {}) },
  );
}

/** "context <name>" or "in-cluster": how reports and errors name the target. */
export function describeKubeConfig(kc: KubeConfig): string {
  const name = kc.getCurrentContext();
  return name === IN_CLUSTER_CONTEXT ? "in-cluster" : `context ${name}`;
}
