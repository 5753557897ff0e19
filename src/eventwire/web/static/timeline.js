// The timeline: bars per day, month or year over the /api/stats date ranges. A bar counts the events
// whose date range overlaps it, which is exactly what its since/until filter finds. Outliers (a few
// dates far from the rest) are clamped into 'earlier' / 'later' ends. Click a bar (or press Enter on
// it) to filter to it; drag across bars to filter to a span.
"use strict";

import { DAY_MS, fmtDay, monthName, parseDay, s } from "./util.js";

function bucketStart(ms, unit) {
  const d = new Date(ms);
  if (unit === "year") return Date.UTC(d.getUTCFullYear(), 0, 1);
  if (unit === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return ms;
}

function bucketEnd(start, unit) {
  const d = new Date(start);
  if (unit === "year") return Date.UTC(d.getUTCFullYear() + 1, 0, 1) - DAY_MS;
  if (unit === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - DAY_MS;
  return start;
}

function bucketLabel(start, unit) {
  const d = new Date(start);
  if (unit === "year") return String(d.getUTCFullYear());
  if (unit === "month") return `${monthName(d.getUTCMonth())} ${d.getUTCFullYear()}`;
  return fmtDay(start);
}

// The span shown: the ranges' days without the outlying 2% at each end (kept whole when few).
export function shownSpan(ranges) {
  const starts = [], ends = [];
  for (const r of ranges) { starts.push([parseDay(r.start), r.count]); ends.push([parseDay(r.end), r.count]); }
  const n = ranges.reduce((a, r) => a + r.count, 0);
  const cut = Math.floor(n * 0.02);
  const at = (pairs, k) => {
    pairs.sort((a, b) => a[0] - b[0]);
    let seen = 0;
    for (const [day, c] of pairs) { seen += c; if (seen > k) return day; }
    return pairs[pairs.length - 1][0];
  };
  const lo = at(starts, cut);
  const hi = at(ends.map(([d, c]) => [-d, c]), cut);
  return [lo, -hi < lo ? lo : -hi];
}

// The date ranges with their counts: /api/stats 'ranges' when the server sends them, else its months
// (each a range of the whole month) or days.
export function rangesOf(stats) {
  if (stats.ranges) return stats.ranges;
  if (stats.by_month && stats.by_month.length) {
    return stats.by_month.map((m) => {
      const key = m.month || m.date || m.key;
      const [y, mo] = key.split("-").map(Number);
      return { start: `${key.slice(0, 7)}-01`, end: fmtDay(Date.UTC(y, mo, 1) - DAY_MS), count: m.count };
    });
  }
  return (stats.by_day || []).map((d) => ({ start: d.date, end: d.date, count: d.count }));
}

export class Timeline {
  constructor(svg, { noteEl, onRange }) {
    this.svg = svg;
    this.noteEl = noteEl;
    this.onRange = onRange;  // (since, until) => void
    this.ranges = [];
    this.drag = null;
    svg.addEventListener("pointerdown", (e) => this.down(e));
    svg.addEventListener("pointermove", (e) => this.move(e));
    svg.addEventListener("pointerup", (e) => this.up(e));
  }

  update(stats) {
    this.ranges = rangesOf(stats || {});
    this.draw();
  }

  count(start, end) {  // events whose range overlaps [start, end] (days as ms)
    let n = 0;
    for (const r of this.ranges) if (parseDay(r.start) <= end && parseDay(r.end) >= start) n += r.count;
    return n;
  }

  draw() {
    const svg = this.svg;
    svg.replaceChildren();
    const W = Math.max(svg.clientWidth || 600, 200), H = Math.max(svg.clientHeight || 130, 80);
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    this.buckets = [];
    if (!this.ranges.length) {
      svg.append(s("text", { x: 8, y: 20 }, "No dated events."));
      this.noteEl.textContent = "";
      return;
    }
    const [lo, hi] = shownSpan(this.ranges);
    const span = (hi - lo) / DAY_MS;
    const unit = span <= 92 ? "day" : span <= 365 * 12 ? "month" : "year";
    for (let b = bucketStart(lo, unit); b <= hi; b = bucketEnd(b, unit) + DAY_MS) {
      this.buckets.push({ start: b, end: bucketEnd(b, unit), count: 0 });
    }
    for (const bk of this.buckets) bk.count = this.count(bk.start, bk.end);
    const earlier = this.ranges.filter((r) => parseDay(r.end) < this.buckets[0].start).reduce((a, r) => a + r.count, 0);
    const later = this.ranges.filter((r) => parseDay(r.start) > this.buckets[this.buckets.length - 1].end).reduce((a, r) => a + r.count, 0);
    const max = Math.max(1, ...this.buckets.map((b) => b.count));
    const left = 34, right = 8, top = 8, bottom = 22;
    const bw = (W - left - right) / this.buckets.length;
    this.geom = { left, bw };
    const y = (c) => top + (H - top - bottom) * (1 - c / max);
    svg.append(s("line", { x1: left, y1: H - bottom, x2: W - right, y2: H - bottom, class: "axis" }));
    svg.append(s("text", { x: left - 4, y: top + 9, "text-anchor": "end", "aria-hidden": "true" }, max));
    svg.append(s("text", { x: left - 4, y: H - bottom, "text-anchor": "end", "aria-hidden": "true" }, 0));
    this.buckets.forEach((b, i) => {
      if (!b.count) return;
      const label = bucketLabel(b.start, unit);
      const rect = s("rect", {
        x: left + i * bw + Math.min(1, bw * 0.1), y: y(b.count), width: Math.max(bw - Math.min(2, bw * 0.2), 1.5),
        height: H - bottom - y(b.count), class: "bar", tabindex: 0, role: "button",
        "aria-label": `${label}: ${b.count} event${b.count > 1 ? "s" : ""}; press Enter to filter to it`,
        "data-start": fmtDay(b.start), "data-end": fmtDay(b.end), "data-count": b.count, "data-index": i,
        onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); this.onRange(fmtDay(b.start), fmtDay(b.end)); } },
      }, s("title", {}, `${label}: ${b.count} event${b.count > 1 ? "s" : ""} (click to filter, drag for a span)`));
      svg.append(rect);
    });
    const ticks = Math.min(5, this.buckets.length);
    for (let t = 0; t < ticks; t++) {
      const i = ticks === 1 ? 0 : Math.round((t * (this.buckets.length - 1)) / (ticks - 1));
      const anchor = t === 0 ? "start" : t === ticks - 1 ? "end" : "middle";
      const x = t === 0 ? left : t === ticks - 1 ? W - right : left + i * bw + bw / 2;
      svg.append(s("text", { x, y: H - 6, "text-anchor": anchor, "aria-hidden": "true" }, bucketLabel(this.buckets[i].start, unit)));
    }
    this.sel = s("rect", { class: "drag", x: 0, y: top, width: 0, height: H - top - bottom, visibility: "hidden" });
    svg.append(this.sel);
    const clamp = [earlier ? `${earlier} earlier` : "", later ? `${later} later` : ""].filter(Boolean).join(", ");
    this.noteEl.textContent = `bars per ${unit}, ${bucketLabel(this.buckets[0].start, unit)} to ` +
      `${bucketLabel(this.buckets[this.buckets.length - 1].start, unit)}${clamp ? ` (outside the axis: ${clamp})` : ""}`;
  }

  index(e) {
    if (!this.buckets || !this.buckets.length) return -1;
    const box = this.svg.getBoundingClientRect();
    const vb = this.svg.viewBox.baseVal;
    const x = ((e.clientX - box.left) / box.width) * vb.width;
    return Math.min(this.buckets.length - 1, Math.max(0, Math.floor((x - this.geom.left) / this.geom.bw)));
  }

  down(e) {
    const i = this.index(e);
    if (i < 0) return;
    this.drag = { from: i, to: i };
    this.svg.setPointerCapture && e.pointerId !== undefined && this.svg.setPointerCapture(e.pointerId);
    this.paint();
  }

  move(e) {
    if (!this.drag) return;
    this.drag.to = this.index(e);
    this.paint();
  }

  up(e) {
    if (!this.drag) return;
    this.drag.to = this.index(e);
    const a = Math.min(this.drag.from, this.drag.to), b = Math.max(this.drag.from, this.drag.to);
    this.drag = null;
    this.sel.setAttribute("visibility", "hidden");
    const first = this.buckets[a], last = this.buckets[b];
    if (a === b && !first.count) return;
    this.onRange(fmtDay(first.start), fmtDay(last.end));
  }

  paint() {
    const a = Math.min(this.drag.from, this.drag.to), b = Math.max(this.drag.from, this.drag.to);
    this.sel.setAttribute("x", this.geom.left + a * this.geom.bw);
    this.sel.setAttribute("width", (b - a + 1) * this.geom.bw);
    this.sel.setAttribute("visibility", "visible");
  }
}
