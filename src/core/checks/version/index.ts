import type { CheckDefinition } from "../types.js";
import { containerRuntimeVulnerable } from "./container-runtime-vulnerable.js";
import { deprecatedApiVersion } from "./deprecated-api-version.js";
import { kernelVulnerable } from "./kernel-vulnerable.js";
import { kubeletVersionSkew } from "./kubelet-version-skew.js";
import { kubeletVersionSupported } from "./kubelet-version-supported.js";
import { kubernetesVersionSupported } from "./kubernetes-version-supported.js";

export const versionChecks: CheckDefinition[] = [
  kubernetesVersionSupported,
  kubeletVersionSupported,
  kubeletVersionSkew,
  containerRuntimeVulnerable,
  kernelVulnerable,
  deprecatedApiVersion,
];
