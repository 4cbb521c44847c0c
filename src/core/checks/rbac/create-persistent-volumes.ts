import { defineGrantCheck } from "./grant-check.js";
import { firstGrant } from "./rules.js";

export const rbacCreatePersistentVolumes = defineGrantCheck({
  id: "rbac-create-persistent-volumes",
  title: "Creating PersistentVolumes is limited to storage provisioners",
  severity: "medium",
  references: { cis: ["5.1.9"], kubescape: ["C-0278"] },
  description:
    "A PersistentVolume can point at a hostPath; whoever can create one and claim it mounts any directory of a node into their pod, past Pod Security Admission's hostPath rule.",
  remediation: "Let dynamic provisioners (CSI drivers) create volumes; people and applications create PersistentVolumeClaims only.",
  capability: "creating PersistentVolumes",
  clusterScoped: true,
  grants: (rules, namespaced) =>
    namespaced ? undefined : firstGrant(rules, [{ verbs: ["create"], groups: [""], resources: ["persistentvolumes"] }]),
});
