// Golden files for rendered messages: JSON exactly as it would be sent to Slack,
// reviewed like code. Every golden is also checked against Slack's limits.
import { expect } from "vitest";
import type { Block } from "../../src/slack/renderers/blocks.js";
import { limitViolations, type Surface } from "../../src/slack/renderers/limits.js";

export async function expectGolden(name: string, value: unknown): Promise<void> {
  await expect(JSON.stringify(value, null, 2) + "\n").toMatchFileSnapshot(`./__golden__/${name}.json`);
}

export function expectWithinLimits(msg: { text?: string; blocks: readonly Block[] }, surface: Surface = "message"): void {
  expect(limitViolations(msg, surface)).toEqual([]);
}
