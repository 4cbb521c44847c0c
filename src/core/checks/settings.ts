// Knobs a site tunes per environment; defaults follow what the peer tools ship.
export interface AuditSettings {
  /** Namespaces whose system workloads may use host access (hostPath, hostNetwork, privileged). */
  systemNamespaces: string[];
  /** Registry hosts images may come from; empty means the allow-list check is not configured. */
  allowedRegistries: string[];
  /** Registry hosts that are frozen or gone (k8s.gcr.io and friends). */
  deprecatedRegistries: string[];
  /** Secrets older than this fail the rotation-age check. */
  secretMaxAgeDays: number;
  /** UIDs below this count as "low" for the optional kube-score/Checkov style check. */
  minimumUid: number;
}

export const DEFAULT_AUDIT_SETTINGS: AuditSettings = Object.freeze({
  systemNamespaces: ["kube-system", "kube-public", "kube-node-lease"],
  allowedRegistries: [],
  deprecatedRegistries: ["k8s.gcr.io", "gcr.io/google_containers", "gcr.io/google-containers"],
  secretMaxAgeDays: 90,
  minimumUid: 10000,
}) as AuditSettings;
