import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createBotMetrics } from "./metrics.js";

const DASHBOARD = join(import.meta.dirname, "../../../deploy/grafana/harden-bot.json");

interface Panel {
  type: string;
  title: string;
  targets?: Array<{ expr: string }>;
}

/** Series names a PromQL expression reads; a histogram's _bucket, _count and _sum are its own name. */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\b(harden_[a-z0-9_]+)/g)].map((m) => m[1]!.replace(/_(bucket|count|sum)$/, ""));
}

describe("Grafana dashboard", () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, "utf8")) as { uid: string; panels: Panel[]; templating: { list: Array<{ query: { query: string } }> } };
  const exprs = [
    ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
    ...dashboard.templating.list.map((v) => v.query.query),
  ];

  it("when its queries are read, then every metric they name is in the bot's registry", async () => {
    const registered = new Set((await createBotMetrics().registry.getMetricsAsJSON()).map((m) => m.name));
    const named = [...new Set(exprs.flatMap(metricNames))];
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((n) => !registered.has(n))).toEqual([]);
  });

  it("when the bot's own metric families are listed, then each has a panel", async () => {
    const own = (await createBotMetrics({ defaultMetrics: false }).registry.getMetricsAsJSON()).map((m) => m.name);
    const shown = new Set(exprs.flatMap(metricNames));
    expect(own.filter((n) => !shown.has(n))).toEqual([]);
  });

  it("when panels are laid out, then ids are unique and every query panel has a title", () => {
    const ids = (dashboard.panels as Array<Panel & { id: number }>).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of dashboard.panels.filter((x) => x.type !== "row")) {
      expect(p.title).not.toBe("");
      expect(p.targets?.length ?? 0).toBeGreaterThan(0);
    }
    expect(dashboard.uid).toBe("harden-bot");
  });
});
