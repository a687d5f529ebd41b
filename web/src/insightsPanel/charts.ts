// Small SVG charts drawn with DOM APIs (createElementNS + textContent): no chart library,
// no markup parsed. A weekly timeline of median answer time with template changes marked.

import type { ChangeMark, WeekPoint } from "./types";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 520;
const HEIGHT = 140;
const PAD = { left: 40, right: 10, top: 10, bottom: 22 };
const WEEK_MS = 7 * 86_400_000;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

function shortDate(ms: number): string {
  return new Date(ms).toLocaleDateString(undefined, { day: "numeric", month: "short" });
}

/** Median answer time per week as bars, each change a dashed line with its side. */
export function answerTimeTimeline(label: string, weeks: WeekPoint[], changes: ChangeMark[]): SVGSVGElement {
  const chart = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "insights-chart", role: "img", "aria-label": label });
  chart.append(svg("title", {}, label));
  const values = weeks.map((w) => w.median_answer_s ?? 0);
  const top = Math.max(1, ...values);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = weeks.length ? plotW / weeks.length : plotW;
  const y = (value: number) => PAD.top + plotH - (value / top) * plotH;
  chart.append(
    svg("line", { x1: PAD.left, y1: PAD.top + plotH, x2: WIDTH - PAD.right, y2: PAD.top + plotH, class: "axis" }),
    svg("text", { x: PAD.left - 4, y: PAD.top + 8, "text-anchor": "end", class: "tick" }, `${top.toFixed(1)} s`),
    svg("text", { x: PAD.left - 4, y: PAD.top + plotH, "text-anchor": "end", class: "tick" }, "0"),
  );
  weeks.forEach((week, index) => {
    const x = PAD.left + index * slot;
    if (week.median_answer_s !== null) {
      const bar = svg("rect", { x: x + 2, y: y(week.median_answer_s), width: Math.max(1, slot - 4), height: PAD.top + plotH - y(week.median_answer_s), class: "bar" });
      bar.append(svg("title", {}, `week of ${shortDate(week.start_ms)}: median ${week.median_answer_s.toFixed(1)} s, ${week.reviews} reviews`));
      chart.append(bar);
    }
    if (index % 3 === 0) chart.append(svg("text", { x: x + slot / 2, y: HEIGHT - 6, "text-anchor": "middle", class: "tick" }, shortDate(week.start_ms)));
  });
  const start = weeks[0]?.start_ms ?? 0;
  // One mark per moment: a save that changed several sides is one change.
  const byTime = new Map<number, string[]>();
  for (const change of changes) byTime.set(change.at_ms, [...(byTime.get(change.at_ms) ?? []), change.side]);
  for (const change of [...byTime].map(([at_ms, sides]) => ({ at_ms, side: sides.join(" + ") }))) {
    const offset = (change.at_ms - start) / WEEK_MS;
    if (offset < 0 || offset > weeks.length) continue;
    const x = PAD.left + offset * slot;
    const mark = svg("line", { x1: x, y1: PAD.top, x2: x, y2: PAD.top + plotH, class: "change" });
    mark.append(svg("title", {}, `${change.side} changed on ${shortDate(change.at_ms)}`));
    chart.append(mark, svg("text", { x: x + 3, y: PAD.top + 8, class: "change-label" }, change.side));
  }
  return chart;
}

/** A horizontal score bar (0–100). */
export function scoreBar(value: number): SVGSVGElement {
  const bar = svg("svg", { viewBox: "0 0 100 8", class: "insights-score", role: "img", "aria-label": `score ${value} of 100` });
  bar.append(svg("rect", { x: 0, y: 0, width: 100, height: 8, class: "score-back" }), svg("rect", { x: 0, y: 0, width: value, height: 8, class: value >= 80 ? "score-good" : value >= 50 ? "score-fair" : "score-poor" }));
  return bar;
}
