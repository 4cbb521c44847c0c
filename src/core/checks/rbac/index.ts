import type { CheckDefinition } from "../types.js";
import { rbacAnonymousBinding } from "./anonymous-binding.js";
import { rbacBindEscalate } from "./bind-escalate.js";
import { clusterAdminBinding } from "./cluster-admin-binding.js";
import { rbacCreatePersistentVolumes } from "./create-persistent-volumes.js";
import { rbacCreatePods } from "./create-pods.js";
import { rbacCsrApprove } from "./csr-approve.js";
import { defaultServiceAccountBound } from "./default-service-account-bound.js";
import { rbacImpersonate } from "./impersonate.js";
import { rbacNodesProxy } from "./nodes-proxy.js";
import { rbacPodExec } from "./pod-exec.js";
import { rbacServiceAccountTokenCreate } from "./sa-token-create.js";
import { rbacSecretsRead } from "./secrets-read.js";
import { rbacWebhookConfigWrite } from "./webhook-config-write.js";
import { rbacWildcard } from "./wildcard-rules.js";

export const rbacChecks: CheckDefinition[] = [
  clusterAdminBinding,
  rbacAnonymousBinding,
  rbacWildcard,
  rbacSecretsRead,
  rbacPodExec,
  rbacCreatePods,
  rbacBindEscalate,
  rbacImpersonate,
  rbacNodesProxy,
  rbacWebhookConfigWrite,
  rbacCsrApprove,
  rbacServiceAccountTokenCreate,
  rbacCreatePersistentVolumes,
  defaultServiceAccountBound,
];
