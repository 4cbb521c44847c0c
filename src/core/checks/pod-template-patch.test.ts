import { describe, expect, it } from "vitest";
import { containerPatch, podSpecPatch } from "./pod-template-patch.js";

describe("pod template patches", () => {
  it("when the owner is a Deployment, then the fragment lands under spec.template.spec", () => {
    expect(podSpecPatch("Deployment", { hostNetwork: false })).toEqual({ spec: { template: { spec: { hostNetwork: false } } } });
  });

  it("when the owner is a CronJob, then the fragment lands under the job template's pod spec", () => {
    expect(podSpecPatch("CronJob", { hostNetwork: false })).toEqual({
      spec: { jobTemplate: { spec: { template: { spec: { hostNetwork: false } } } } },
    });
  });

  it("when the owner is a bare Pod or a Job, then no patch is offered (their pod spec is immutable)", () => {
    expect(podSpecPatch("Pod", { hostNetwork: false })).toBeUndefined();
    expect(podSpecPatch("Job", { hostNetwork: false })).toBeUndefined();
  });

  it("when an init container is patched, then it is addressed by name in initContainers", () => {
    expect(containerPatch("StatefulSet", "initContainer", "setup", { imagePullPolicy: "Always" })).toEqual({
      spec: { template: { spec: { initContainers: [{ name: "setup", imagePullPolicy: "Always" }] } } },
    });
  });

  it("when the container is ephemeral or unnamed, then no patch is offered", () => {
    expect(containerPatch("Deployment", "ephemeralContainer", "debug", { imagePullPolicy: "Always" })).toBeUndefined();
    expect(containerPatch("Deployment", "container", "", { imagePullPolicy: "Always" })).toBeUndefined();
  });
});
