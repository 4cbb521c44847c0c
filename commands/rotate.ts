// `/harden rotate <env> <ns>/<secret>`: rotate one Secret. The payload names the
// Secret, never its value. The rotation job comes with the secret-rotation issue.
import { isNamespaceName, isObjectName, parseEnvironment } from "./args.js";
import { defineCommand, fail, ok } from "./define.js";
import { queueJob } from "./reply.js";

export interface RotateArgs {
  environment: string;
  namespace: string;
  secretName: string;
}

export const rotateCommand = defineCommand<RotateArgs>({
  verb: "rotate",
  usage: "rotate <env> <ns>/<secret>",
  description: "Rotate one Secret (by name; harden never shows its value).",
  role: "operator",
  parse(args, ctx) {
    const env = parseEnvironment("rotate", args, 0, ctx);
    if (!env.ok) return env;
    if (args.length !== 2) return fail("rotate takes the environment and one <namespace>/<secret>");
    const [namespace, secretName, ...rest] = args[1]!.split("/");
    if (rest.length > 0 || namespace === undefined || secretName === undefined) return fail("name the Secret as <namespace>/<name>");
    if (!isNamespaceName(namespace)) return fail(`"${namespace}" is not a namespace name`);
    if (!isObjectName(secretName)) return fail(`"${secretName}" is not a Secret name`);
    return ok({ environment: env.value, namespace, secretName });
  },
  async execute(a, ctx, deps) {
    const target = `${a.namespace}/${a.secretName}`;
    return queueJob(deps, ctx, {
      kind: "rotation",
      environment: a.environment,
      target,
      payload: { ...a },
      feature: "Secret rotations",
      sameJob: `The same rotation of ${target}`,
    });
  },
});
