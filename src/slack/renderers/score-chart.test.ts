import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { describeTrend, renderScoreChart } from "./score-chart.js";

const decode = (content: string | Uint8Array) => PNG.sync.read(Buffer.from(content as Uint8Array));

function pixel(png: PNG, x: number, y: number): [number, number, number] {
  const i = (Math.round(y) * png.width + Math.round(x)) * 4;
  return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
}

// The chart's geometry: 480 x 160, 12 px padding, 0–100 upwards.
const xAt = (i: number, n: number) => 12 + (i / (n - 1)) * (480 - 24);
const yAt = (score: number) => 12 + ((100 - score) / 100) * (160 - 24);
const BLUE: [number, number, number] = [29, 105, 199];

describe("renderScoreChart", () => {
  it("when there are fewer than two scored runs, then there is no chart", () => {
    expect(renderScoreChart("prod", [])).toBeUndefined();
    expect(renderScoreChart("prod", [null, 71, null])).toBeUndefined();
  });

  it("when runs have scores, then a PNG draws each score at its height, and the title says the numbers", () => {
    const trend = [40, 55, 90, 72];
    const chart = renderScoreChart("prod", trend)!;
    expect(chart.filename).toBe("harden-score-prod.png");
    expect(chart.title).toBe("Posture score of prod over the last 4 runs: 40/100 → 72/100, lowest 40, highest 90");
    const png = decode(chart.content);
    expect([png.width, png.height]).toEqual([480, 160]);
    trend.forEach((score, i) => expect(pixel(png, xAt(i, trend.length), yAt(score))).toEqual(BLUE));
    // Above the highest point and below the lowest there is no line.
    expect(pixel(png, xAt(2, 4), yAt(99))).not.toEqual(BLUE);
    expect(pixel(png, xAt(0, 4), yAt(10))).not.toEqual(BLUE);
    // Bands: good above 80, poor below 50.
    expect(pixel(png, 300, yAt(95))).toEqual([235, 247, 238]);
    expect(pixel(png, 300, yAt(20))).toEqual([253, 236, 236]);
  });

  it("when a run has no score, then it is a gap bridged by a grey dashed line, not a drop to zero", () => {
    const trend = [60, null, 60];
    const png = decode(renderScoreChart("prod", trend)!.content);
    const onBridge = [...Array(200).keys()].map((k) => pixel(png, 60 + k, yAt(60)));
    expect(onBridge.some((c) => c.join() === "200,200,200")).toBe(true);
    expect(onBridge.some((c) => c.join() !== "200,200,200")).toBe(true);
    expect(pixel(png, xAt(1, 3), yAt(0))).not.toEqual(BLUE);
  });

  it("when scores leave 0–100 (a corrupt row), then they are drawn at the edge instead of outside the image", () => {
    const png = decode(renderScoreChart("prod", [150, -20])!.content);
    expect(pixel(png, xAt(0, 2), yAt(100))).toEqual(BLUE);
    expect(pixel(png, xAt(1, 2), yAt(0))).toEqual(BLUE);
  });
});

describe("describeTrend", () => {
  it("when runs have no score, then it says n/a instead of inventing one", () => {
    expect(describeTrend("dev", [null, null])).toBe("Posture score of dev over the last 2 runs: n/a → n/a");
  });
});
