// Start-up refuses to run on credentials Slack rejects, with one line that names
// the variable and Slack's error code, and never the token.
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { JOB_DEFINITIONS } from "../../jobs/index.js";
import { EXIT_START, runProcess } from "../../src/main/run-process.js";
import { startFakeSlackWebApi } from "../fakes/slack/web-api.js";
import { TEST_REDIS_URL, deletePrefix, requireRedis, testPrefix } from "../support/redis.js";
import { APP_TOKEN, BOT_TOKEN, ROOT, SIGNING_SECRET, scratch } from "./harness.js";

const s = scratch({ environments: { example: { kubernetes: { snapshot: join(ROOT, "examples/cluster") }, channel: "C0EXAMPLE01" } } });
afterAll(() => s.dispose());

async function start(extra: Record<string, string>, script: (api: Awaited<ReturnType<typeof startFakeSlackWebApi>>) => void) {
  await requireRedis();
  const api = await startFakeSlackWebApi({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
  script(api);
  const err: string[] = [];
  const prefix = testPrefix();
  try {
    const code = await runProcess({
      role: "serve",
      definitions: JOB_DEFINITIONS,
      config: s.configPath,
      processEnv: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: api.apiUrl, PORT: "0", METRICS_PORT: "0", HOST: "127.0.0.1", REDIS_URL: TEST_REDIS_URL, DATABASE_URL: s.databaseUrl, ...extra },
      stderr: { write: (t: string) => err.push(t) },
      stopSignal: new Promise(() => {}),
      runtime: { prefix, logDestination: { write: () => {} } },
    });
    return { code, err: err.join(""), prefix, listed: await receiversListed(prefix) };
  } finally {
    await api.close();
    await deletePrefix(prefix);
  }
}

async function receiversListed(prefix: string): Promise<number> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    return await redis.zcard(`${prefix}:receivers`);
  } finally {
    redis.disconnect();
  }
}

describe("start-up against Slack", () => {
  it("when Slack refuses the bot token, then the process does not start and says which variable, with Slack's code", async () => {
    const r = await start({ SLACK_SIGNING_SECRET: SIGNING_SECRET }, (api) => api.failWith("auth.test", "invalid_auth"));
    expect(r.code).toBe(EXIT_START);
    expect(r.err).toBe("harden serve: could not start: Slack refused SLACK_BOT_TOKEN (invalid_auth)\n");
    // It never took a request, so it never joined the receiver roster (where it would
    // keep the other replicas checking replays in Redis for an hour).
    expect(r.listed).toBe(0);
  });

  it("when Slack refuses to open a socket with the app token, then the process does not start and names SLACK_APP_TOKEN", async () => {
    const r = await start({ SLACK_APP_TOKEN: APP_TOKEN }, (api) => api.failWith("apps.connections.open", "invalid_auth", { times: 1000 }));
    expect(r.code).toBe(EXIT_START);
    expect(r.err).toMatch(/^harden serve: could not start: .*SLACK_APP_TOKEN/);
    expect(r.err).not.toContain(APP_TOKEN);
  });
});
