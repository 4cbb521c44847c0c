import type { CheckDefinition } from "../types.js";
import { cloudMetadataEgress } from "./cloud-metadata-egress.js";
import { ingressTls } from "./ingress-tls.js";
import { istioAuthorizationPolicy } from "./istio-authorization-policy.js";
import { istioMtlsStrict } from "./istio-mtls-strict.js";
import { namespaceDefaultDeny } from "./namespace-default-deny.js";
import { namespaceNetworkPolicy } from "./namespace-network-policy.js";
import { networkPolicyAllowRules } from "./network-policy-allow-rules.js";
import { networkPolicyTargetsPods } from "./network-policy-targets-pods.js";
import { workloadNetworkPolicy } from "./workload-network-policy.js";

export const networkChecks: CheckDefinition[] = [
  namespaceNetworkPolicy,
  namespaceDefaultDeny,
  workloadNetworkPolicy,
  networkPolicyAllowRules,
  networkPolicyTargetsPods,
  cloudMetadataEgress,
  ingressTls,
  istioMtlsStrict,
  istioAuthorizationPolicy,
];
