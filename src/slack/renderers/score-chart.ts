// The digest's score trend as a small PNG, uploaded into the digest's thread.
// Pure: scores in, PNG bytes out. No text is drawn (that would need a font); the
// axis is fixed at 0–100 so two environments' charts compare at a glance, and
// the file's title and alt text carry the numbers.
import { PNG } from "pngjs";
import type { UploadFile } from "../../ports/notifier.js";
import { plural, scoreText } from "./format.js";

const WIDTH = 480;
const HEIGHT = 160;
const PAD = 12;

type Rgb = readonly [number, number, number];
const BACKGROUND: Rgb = [255, 255, 255];
const GRID: Rgb = [226, 229, 233];
const LINE: Rgb = [29, 105, 199];
const GAP: Rgb = [200, 200, 200];
// The bands a score reads against: below 50 is poor, 80 and above is good.
const POOR: Rgb = [253, 236, 236];
const GOOD: Rgb = [235, 247, 238];

class Canvas {
  readonly png = new PNG({ width: WIDTH, height: HEIGHT, colorType: 2, inputHasAlpha: false });

  constructor() {
    this.fill(0, 0, WIDTH, HEIGHT, BACKGROUND);
  }

  set(x: number, y: number, c: Rgb): void {
    const [xi, yi] = [Math.round(x), Math.round(y)];
    if (xi < 0 || yi < 0 || xi >= WIDTH || yi >= HEIGHT) return;
    const i = (yi * WIDTH + xi) * 4;
    this.png.data[i] = c[0];
    this.png.data[i + 1] = c[1];
    this.png.data[i + 2] = c[2];
    this.png.data[i + 3] = 255;
  }

  fill(x0: number, y0: number, x1: number, y1: number, c: Rgb): void {
    for (let y = Math.round(y0); y < Math.round(y1); y++) for (let x = Math.round(x0); x < Math.round(x1); x++) this.set(x, y, c);
  }

  /** A line `width` pixels thick, stepped along its longer axis; `dash` leaves every other 4 px out. */
  line(x0: number, y0: number, x1: number, y1: number, c: Rgb, width = 1, dash = false): void {
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
    const r = (width - 1) / 2;
    for (let s = 0; s <= steps; s++) {
      if (dash && Math.floor(s / 4) % 2 === 1) continue;
      const x = x0 + ((x1 - x0) * s) / steps;
      const y = y0 + ((y1 - y0) * s) / steps;
      this.fill(x - r, y - r, x + r + 1, y + r + 1, c);
    }
  }

  dot(x: number, y: number, c: Rgb, radius: number): void {
    for (let dy = -radius; dy <= radius; dy++) for (let dx = -radius; dx <= radius; dx++) if (dx * dx + dy * dy <= radius * radius) this.set(x + dx, y + dy, c);
  }
}

const yOf = (score: number) => PAD + ((100 - Math.max(0, Math.min(100, score))) / 100) * (HEIGHT - 2 * PAD);

/** The trend's numbers in words: what a screen reader and the file title say. */
export function describeTrend(environment: string, trend: readonly (number | null)[]): string {
  const scored = trend.filter((v): v is number => v !== null);
  const first = scored[0] ?? null;
  const last = scored.at(-1) ?? null;
  const range = scored.length > 0 ? `, lowest ${Math.min(...scored)}, highest ${Math.max(...scored)}` : "";
  return `Posture score of ${environment} over the last ${plural(trend.length, "run")}: ${scoreText(first)} → ${scoreText(last)}${range}`;
}

/**
 * The chart, or undefined when there is no trend to draw (fewer than two scored
 * runs). Runs without a score are gaps: a dashed grey line bridges them.
 */
export function renderScoreChart(environment: string, trend: readonly (number | null)[]): UploadFile | undefined {
  if (trend.filter((v) => v !== null).length < 2) return undefined;
  const canvas = new Canvas();
  canvas.fill(PAD, PAD, WIDTH - PAD, yOf(80), GOOD);
  canvas.fill(PAD, yOf(50), WIDTH - PAD, HEIGHT - PAD, POOR);
  for (const level of [0, 25, 50, 75, 100]) canvas.line(PAD, yOf(level), WIDTH - PAD, yOf(level), GRID);

  const xOf = (i: number) => PAD + (trend.length === 1 ? 0 : (i / (trend.length - 1)) * (WIDTH - 2 * PAD));
  let previous: { x: number; y: number; bridged: boolean } | undefined;
  trend.forEach((score, i) => {
    if (score === null) {
      if (previous) previous.bridged = true;
      return;
    }
    const point = { x: xOf(i), y: yOf(score), bridged: false };
    if (previous) canvas.line(previous.x, previous.y, point.x, point.y, previous.bridged ? GAP : LINE, 3, previous.bridged);
    previous = point;
  });
  trend.forEach((score, i) => {
    if (score !== null) canvas.dot(xOf(i), yOf(score), LINE, 4);
  });

  return {
    filename: `harden-score-${environment}.png`,
    title: describeTrend(environment, trend),
    content: PNG.sync.write(canvas.png),
  };
}
