// eventwire UI: filter bar, event table, map, timeline and article view over the JSON API.
// Plain JS, no libraries, no network beyond this server.
"use strict";

const PLOVER = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const FILTERS = ["actor", "type", "modality", "since", "until", "near", "q"];
const SVG = "http://www.w3.org/2000/svg";
const DAY_MS = 86400000;

const state = {
  filters: {}, offset: 0, limit: 25, total: 0,
  selected: null,          // {article, event}
  geo: null, stats: null, land: null, view: null,
  docs: new Map(),         // article id -> document record
};

// -- small helpers -------------------------------------------------------------------------------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const $ = (sel) => document.querySelector(sel);

async function api(path, params) {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  }
  const resp = await fetch(url);
  let body = null;
  try { body = await resp.json(); } catch (e) { body = null; }
  if (!resp.ok) throw new Error((body && body.detail) || `${resp.status} ${resp.statusText}`);
  return body;
}

function showError(err) {
  const box = $("#message");
  if (!err) { box.hidden = true; box.textContent = ""; return; }
  box.textContent = String(err.message || err);
  box.hidden = false;
}

function truncate(text, n) {
  const t = (text || "").replace(/\s+/g, " ").trim();
  return t.length > n ? t.slice(0, n - 1) + "…" : t;
}

const parseDay = (d) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10));
const fmtDay = (ms) => new Date(ms).toISOString().slice(0, 10);

// -- filters and the URL -------------------------------------------------------------------------

function readForm() {
  const form = $("#filters");
  const out = {};
  for (const name of FILTERS) {
    const v = form.elements[name].value.trim();
    if (v) out[name] = v;
  }
  return out;
}

function writeForm(filters) {
  const form = $("#filters");
  for (const name of FILTERS) form.elements[name].value = filters[name] || "";
}

function writeHash() {
  const p = new URLSearchParams(state.filters);
  if (state.selected) p.set("event", `${state.selected.article}/${state.selected.event}`);
  const hash = p.toString();
  history.replaceState(null, "", hash ? `#${hash}` : window.location.pathname);
}

function readHash() {
  const p = new URLSearchParams(window.location.hash.slice(1));
  const filters = {};
  for (const name of FILTERS) if (p.get(name)) filters[name] = p.get(name);
  const ev = p.get("event");
  const sel = ev && ev.includes("/") ? { article: ev.split("/")[0], event: ev.split("/").slice(1).join("/") } : null;
  return { filters, sel };
}

async function applyFilters(filters) {
  state.filters = filters;
  state.offset = 0;
  writeForm(filters);
  writeHash();
  await refresh();
}

async function refresh() {
  showError(null);
  try {
    const [page, geo, stats] = await Promise.all([
      api("/api/events", { ...state.filters, limit: state.limit, offset: state.offset }),
      api("/api/events.geojson", state.filters),
      api("/api/stats", state.filters),
    ]);
    state.geo = geo;
    state.stats = stats;
    renderTable(page);
    renderCounts(stats);
    drawMap(true);
    drawTimeline();
  } catch (err) {
    showError(err);
  }
}

// -- header counts -------------------------------------------------------------------------------

function renderCounts(stats) {
  const c = stats.counts || {};
  $("#counts").textContent =
    `${c.articles || 0} articles · ${c.events || 0} events · ${c.places || 0} places · ${c.failures || 0} failures`;
}

// -- event table ---------------------------------------------------------------------------------

function renderTable(page) {
  state.total = page.total;
  const body = $("#events tbody");
  body.replaceChildren();
  if (!page.events.length) {
    body.append(h("tr", {}, h("td", { colspan: 7, class: "empty" }, "No events match these filters.")));
  }
  for (const ev of page.events) {
    const key = `${ev.article.id}/${ev.id}`;
    const actors = ev.actor_names.join(", ") + (ev.recipient_names.length ? " → " + ev.recipient_names.join(", ") : "");
    const place = ev.place_detail ? (ev.place_detail.name || ev.place_detail.text) : "";
    const row = h("tr", {
      tabindex: 0, dataset: { key, article: ev.article.id, event: ev.id },
      class: isSelected(ev.article.id, ev.id) ? "selected" : null,
      onclick: () => openEvent(ev.article.id, ev.id),
      onkeydown: (e) => { if (e.key === "Enter") openEvent(ev.article.id, ev.id); },
    },
      h("td", {}, ev.day || ev.date.value || ""),
      h("td", { title: ev.type + (ev.mode ? ` (${ev.mode})` : "") }, ev.type, ev.mode ? h("span", { class: "mode" }, ev.mode) : null),
      h("td", {}, h("span", { class: `badge ${ev.modality}` }, ev.modality)),
      h("td", { title: actors }, actors || "—"),
      h("td", { title: place }, place || "—"),
      h("td", { title: ev.evidence.text }, truncate(ev.evidence.text, 160)),
      h("td", { title: ev.article.title || ev.article.id }, ev.article.title || ev.article.id),
    );
    body.append(row);
  }
  const last = Math.min(page.offset + page.events.length, page.total);
  $("#total").textContent = page.total ? `${page.offset + 1}–${last} of ${page.total}` : "0";
  $("#prev").disabled = page.offset <= 0;
  $("#next").disabled = last >= page.total;
}

function isSelected(article, event) {
  return !!state.selected && state.selected.article === article && state.selected.event === event;
}

function markSelectedRows() {
  for (const tr of document.querySelectorAll("#events tbody tr")) {
    tr.classList.toggle("selected", isSelected(tr.dataset.article, tr.dataset.event));
  }
}

async function loadPage(offset) {
  state.offset = Math.max(0, offset);
  try {
    renderTable(await api("/api/events", { ...state.filters, limit: state.limit, offset: state.offset }));
  } catch (err) { showError(err); }
}

// -- map: equirectangular, drawn in degrees (x = lon, y = -lat) -----------------------------------

const WORLD = { x: -180, y: -90, w: 360, h: 180 };

function groupPoints(features) {
  const groups = new Map();
  for (const f of features) {
    const [lon, lat] = f.geometry.coordinates;
    const key = `${lon.toFixed(2)},${lat.toFixed(2)}`;
    if (!groups.has(key)) groups.set(key, { lon, lat, items: [] });
    groups.get(key).items.push(f.properties);
  }
  return [...groups.values()].sort((a, b) => b.items.length - a.items.length);
}

function fitView(groups) {
  if (!groups.length) return { ...WORLD };
  let [w0, e0, s0, n0] = [180, -180, 90, -90];
  for (const g of groups) {
    w0 = Math.min(w0, g.lon); e0 = Math.max(e0, g.lon); s0 = Math.min(s0, g.lat); n0 = Math.max(n0, g.lat);
  }
  let w = Math.max((e0 - w0) * 1.5, (n0 - s0) * 1.5 * 2, 24);
  w = Math.min(w, 360);
  const hgt = w / 2;
  let x = (w0 + e0) / 2 - w / 2;
  let y = -(s0 + n0) / 2 - hgt / 2;
  x = Math.min(Math.max(x, -180), 180 - w);
  y = Math.min(Math.max(y, -90), 90 - hgt);
  return { x, y, w, h: hgt };
}

function gratStep(w) {
  for (const step of [1, 2, 5, 10, 15, 30]) if (w / step <= 14) return step;
  return 30;
}

function modalityOf(items) {
  const count = {};
  for (const it of items) count[it.modality] = (count[it.modality] || 0) + 1;
  return Object.entries(count).sort((a, b) => b[1] - a[1])[0][0];
}

function drawMap(refit) {
  const svg = $("#map");
  const features = state.geo ? state.geo.features : [];
  const groups = groupPoints(features);
  if (refit || !state.view) state.view = fitView(groups);
  const v = state.view;
  svg.setAttribute("viewBox", `${v.x} ${v.y} ${v.w} ${v.h}`);
  svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
  const px = v.w / Math.max(svg.clientWidth || 600, 1); // degrees per screen pixel
  svg.replaceChildren();

  if (state.land) {
    const land = s("g", { class: "land" });
    for (const [lon, lat] of state.land) {
      if (lon + 1 < v.x || lon > v.x + v.w || -lat - 1 > v.y + v.h || -lat < v.y) continue;
      land.append(s("rect", { x: lon, y: -lat - 1, width: 1.02, height: 1.02 }));
    }
    svg.append(land);
  }

  const step = gratStep(v.w);
  const grat = s("g", {});
  const font = 10 * px;
  for (let lon = Math.ceil(v.x / step) * step; lon <= v.x + v.w; lon += step) {
    grat.append(s("line", { x1: lon, y1: Math.max(v.y, -90), x2: lon, y2: Math.min(v.y + v.h, 90), class: lon === 0 ? "grat grat-major" : "grat" }));
    grat.append(s("text", { x: lon + 2 * px, y: v.y + v.h - 3 * px, "font-size": font, class: "grat-label" }, `${Math.abs(lon)}°${lon < 0 ? "W" : lon > 0 ? "E" : ""}`));
  }
  for (let lat = Math.ceil(-(v.y + v.h) / step) * step; lat <= -v.y; lat += step) {
    grat.append(s("line", { x1: Math.max(v.x, -180), y1: -lat, x2: Math.min(v.x + v.w, 180), y2: -lat, class: lat === 0 ? "grat grat-major" : "grat" }));
    grat.append(s("text", { x: v.x + 3 * px, y: -lat - 3 * px, "font-size": font, class: "grat-label" }, `${Math.abs(lat)}°${lat < 0 ? "S" : lat > 0 ? "N" : ""}`));
  }
  svg.append(grat);

  const pts = s("g", {});
  const labels = s("g", {});
  const taken = []; // label boxes already placed (degrees), biggest groups first
  const free = (b) => taken.every((t) => b.x1 < t.x0 || b.x0 > t.x1 || b.y1 < t.y0 || b.y0 > t.y1);
  const order = [...groups].sort((a, b) => hasSelected(b) - hasSelected(a));
  for (const g of order) {
    const n = g.items.length;
    const r = (4 + 3.2 * Math.sqrt(n)) * px;
    const sel = hasSelected(g);
    const types = [...new Set(g.items.map((it) => it.type))].join(", ");
    const c = s("circle", {
      cx: g.lon, cy: -g.lat, r, class: "pt" + (sel ? " selected" : ""),
      style: `fill: var(--${modalityOf(g.items)})`, "data-count": n, "data-place": g.items[0].place,
      onclick: (e) => { e.stopPropagation(); pickGroup(g); },
    }, s("title", {}, `${g.items[0].place}: ${n} event${n > 1 ? "s" : ""} (${types})`));
    pts.append(c);
    const label = n > 1 ? `${g.items[0].place} (${n})` : g.items[0].place;
    const box = { x0: g.lon + r, x1: g.lon + r + (4 + 6.5 * label.length) * px, y0: -g.lat - 7 * px, y1: -g.lat + 7 * px };
    if (free(box)) {
      taken.push(box);
      labels.append(s("text", { x: g.lon + r + 2 * px, y: -g.lat + 4 * px, "font-size": 11 * px, class: "pt-label" }, label));
    }
  }
  svg.append(pts, labels);
  svg.onclick = () => { $("#map-pop").hidden = true; };

  const located = features.length;
  const all = state.stats ? state.stats.events : located;
  $("#map-note").textContent = `${located} of ${all} events located, ${groups.length} places`;
}

function hasSelected(g) {
  return g.items.some((it) => isSelected(it.article, it.event));
}

function pickGroup(g) {
  const pop = $("#map-pop");
  if (g.items.length === 1) {
    pop.hidden = true;
    openEvent(g.items[0].article, g.items[0].event);
    return;
  }
  pop.replaceChildren(
    h("strong", {}, `${g.items[0].place}: ${g.items.length} events`),
    h("ul", {}, g.items.map((it) => h("li", {},
      h("a", { onclick: () => openEvent(it.article, it.event) },
        `${it.day || "?"} ${it.type} (${it.modality}) — ${truncate(it.title || "", 40)}`)))),
  );
  pop.hidden = false;
}

// -- timeline ------------------------------------------------------------------------------------

function bucketStart(ms, unit) {
  const d = new Date(ms);
  if (unit === "week") return ms - ((d.getUTCDay() + 6) % 7) * DAY_MS; // ISO weeks start on Monday
  if (unit === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return ms;
}

function bucketEnd(start, unit) {
  if (unit === "week") return start + 6 * DAY_MS;
  if (unit === "month") { const d = new Date(start); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - DAY_MS; }
  return start;
}

function nextBucket(start, unit) { return bucketEnd(start, unit) + DAY_MS; }

function drawTimeline() {
  const svg = $("#timeline");
  svg.replaceChildren();
  const stats = state.stats;
  const W = Math.max(svg.clientWidth || 600, 200), H = Math.max(svg.clientHeight || 130, 80);
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  if (!stats || !stats.by_day.length) {
    svg.append(s("text", { x: 8, y: 20 }, "No dated events."));
    $("#timeline-note").textContent = "";
    return;
  }
  const first = parseDay(stats.first_day), last = parseDay(stats.last_day);
  let unit = $("#bucket").value;
  if (unit === "auto") {
    const span = (last - first) / DAY_MS;
    unit = span <= 90 ? "day" : span <= 3 * 365 ? "week" : "month";
  }
  const counts = new Map();
  for (const { date, count } of stats.by_day) {
    const b = bucketStart(parseDay(date), unit);
    counts.set(b, (counts.get(b) || 0) + count);
  }
  const buckets = [];
  for (let b = bucketStart(first, unit); b <= last; b = nextBucket(b, unit)) buckets.push(b);
  const max = Math.max(...counts.values());
  const left = 28, right = 8, top = 8, bottom = 22;
  const bw = (W - left - right) / buckets.length;
  const y = (c) => top + (H - top - bottom) * (1 - c / max);
  svg.append(s("line", { x1: left, y1: H - bottom, x2: W - right, y2: H - bottom, class: "axis" }));
  svg.append(s("text", { x: left - 4, y: top + 9, "text-anchor": "end" }, max));
  svg.append(s("text", { x: left - 4, y: H - bottom, "text-anchor": "end" }, 0));
  buckets.forEach((b, i) => {
    const c = counts.get(b) || 0;
    if (!c) return;
    const end = bucketEnd(b, unit);
    const label = unit === "day" ? fmtDay(b) : `${fmtDay(b)} – ${fmtDay(end)}`;
    svg.append(s("rect", {
      x: left + i * bw + Math.min(1, bw * 0.1), y: y(c), width: Math.max(bw - Math.min(2, bw * 0.2), 1.5),
      height: H - bottom - y(c), class: "bar", "data-start": fmtDay(b), "data-count": c,
      onclick: () => applyFilters({ ...state.filters, since: fmtDay(b), until: fmtDay(end) }),
    }, s("title", {}, `${label}: ${c} event${c > 1 ? "s" : ""} (click to filter)`)));
  });
  const ticks = Math.min(5, buckets.length);
  for (let t = 0; t < ticks; t++) {
    const i = ticks === 1 ? 0 : Math.round((t * (buckets.length - 1)) / (ticks - 1));
    const x = left + i * bw + bw / 2;
    const anchor = t === 0 ? "start" : t === ticks - 1 ? "end" : "middle";
    svg.append(s("text", { x: t === 0 ? left : t === ticks - 1 ? W - right : x, y: H - 6, "text-anchor": anchor }, fmtDay(buckets[i])));
  }
  $("#timeline-note").textContent = `${stats.events} events, ${stats.first_day} to ${stats.last_day}, bars per ${unit}`;
}

// -- article view --------------------------------------------------------------------------------

async function getDoc(id) {
  if (!state.docs.has(id)) state.docs.set(id, await api(`/api/articles/${encodeURIComponent(id)}`));
  return state.docs.get(id);
}

async function openEvent(articleId, eventId) {
  state.selected = eventId ? { article: articleId, event: eventId } : null;
  writeHash();
  markSelectedRows();
  drawMap(false);
  try {
    renderArticle(await getDoc(articleId), eventId);
  } catch (err) { showError(err); }
}

function spansOf(doc) {
  // Every highlighted stretch of the text: [start, end, kind, key, label]
  const out = [];
  for (const a of doc.actors) for (const m of a.mentions) out.push({ start: m.start, end: m.end, kind: "actor", key: `actor:${a.id}:${m.start}`, owner: a.id, label: `actor: ${a.name}` });
  for (const p of doc.places) out.push({ start: p.start, end: p.end, kind: "place", key: `place:${p.id}`, owner: p.id, label: `place: ${p.name || p.text}${p.lat !== null && p.lat !== undefined ? ` (${p.lat.toFixed(3)}, ${p.lon.toFixed(3)})` : ""}` });
  for (const t of doc.times) out.push({ start: t.start, end: t.end, kind: "time", key: `time:${t.id}`, owner: t.id, label: `time: ${t.value}` });
  for (const q of doc.quotes) out.push({ start: q.start, end: q.end, kind: "quote", key: `quote:${q.id}`, owner: q.id, label: `quote (${q.kind})` });
  for (const e of doc.events) {
    out.push({ start: e.evidence.start, end: e.evidence.end, kind: "evidence", key: `evidence:${e.id}`, owner: e.id, label: `event: ${e.type} (${e.modality})` });
    if (e.trigger) out.push({ start: e.trigger.start, end: e.trigger.end, kind: "trigger", key: `trigger:${e.id}`, owner: e.id, label: `trigger of ${e.type}` });
  }
  const n = doc.text.length;
  return out.filter((sp) => sp.start >= 0 && sp.end <= n && sp.end > sp.start);
}

function selectedKeys(doc, ev) {
  // The spans that are evidence for a field of the selected event.
  const keys = new Set();
  if (!ev) return keys;
  keys.add(`evidence:${ev.id}`);
  keys.add(`trigger:${ev.id}`);
  const who = new Set([...ev.actors, ...ev.recipients]);
  for (const a of doc.actors) {
    if (!who.has(a.id)) continue;
    // the mentions inside the evidence span, else all of them
    const inside = a.mentions.filter((m) => m.start >= ev.evidence.start && m.end <= ev.evidence.end);
    for (const m of (inside.length ? inside : a.mentions)) keys.add(`actor:${a.id}:${m.start}`);
  }
  if (ev.place) keys.add(`place:${ev.place}`);
  if (ev.date && ev.date.time) keys.add(`time:${ev.date.time}`);
  if (ev.attribution && ev.attribution.quote) keys.add(`quote:${ev.attribution.quote}`);
  return keys;
}

function renderText(doc, ev) {
  const text = doc.text;
  const spans = spansOf(doc);
  const sel = selectedKeys(doc, ev);
  const cuts = new Set([0, text.length]);
  for (const sp of spans) { cuts.add(sp.start); cuts.add(sp.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const box = h("div", { class: "text", id: "article-text" });
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const piece = text.slice(a, b);
    const over = spans.filter((sp) => sp.start <= a && sp.end >= b);
    if (!over.length) { box.append(piece); continue; }
    const classes = new Set();
    const keys = [];
    for (const sp of over) {
      if (sp.kind === "trigger") { if (sel.has(sp.key)) classes.add("k-trigger"); }
      else classes.add(`k-${sp.kind}`);
      if (sp.kind === "evidence" && sel.has(sp.key)) classes.add("ev-sel");
      if (sp.kind !== "evidence" && sp.kind !== "trigger" && sel.has(sp.key)) classes.add("f-sel");
      keys.push(sp.key);
    }
    box.append(h("span", {
      class: ["seg", ...classes].join(" "), dataset: { keys: keys.join(" "), start: a, end: b },
      title: over.map((sp) => sp.label).join("\n"),
    }, piece));
  }
  return box;
}

function flash(key) {
  const segs = [...document.querySelectorAll("#article-text .seg")].filter((el) => el.dataset.keys.split(" ").includes(key));
  if (!segs.length) return;
  segs[0].scrollIntoView({ block: "center", behavior: "smooth" });
  for (const el of segs) { el.classList.remove("flash"); void el.offsetWidth; el.classList.add("flash"); }
}

function spanLink(kind, key, text, start, end) {
  return h("span", {},
    h("span", { class: `span-link ${kind}`, dataset: { key }, onclick: () => flash(key), title: "show in the text" }, text),
    " ", h("span", { class: "span-ref" }, `[${start}–${end}]`));
}

function renderFields(doc, ev) {
  const actors = new Map(doc.actors.map((a) => [a.id, a]));
  const places = new Map(doc.places.map((p) => [p.id, p]));
  const times = new Map(doc.times.map((t) => [t.id, t]));
  const quotes = new Map(doc.quotes.map((q) => [q.id, q]));
  const who = (ids) => {
    if (!ids.length) return h("span", { class: "empty" }, "none");
    return ids.map((id, i) => {
      const a = actors.get(id);
      if (!a) return id;
      const inside = a.mentions.filter((m) => m.start >= ev.evidence.start && m.end <= ev.evidence.end);
      const m = inside[0] || a.mentions[0];
      const label = a.name + (a.country ? ` (${a.country})` : "");
      return h("span", {}, i ? ", " : "", m ? spanLink("actor", `actor:${a.id}:${m.start}`, label, m.start, m.end) : label);
    });
  };
  const rows = [];
  const row = (name, ...value) => rows.push(h("tr", { dataset: { field: name } }, h("th", {}, name), h("td", {}, ...value)));
  row("type", `${ev.type}${ev.mode ? ` / ${ev.mode}` : ""}`, ev.context.length ? h("span", { class: "span-ref" }, ` ${ev.context.join(", ")}`) : null,
    ev.trigger ? h("span", {}, " — trigger ", spanLink("evidence", `trigger:${ev.id}`, ev.trigger.text, ev.trigger.start, ev.trigger.end)) : null);
  row("modality", h("span", { class: `badge ${ev.modality}` }, ev.modality));
  row("actors", who(ev.actors));
  row("recipients", who(ev.recipients));
  const p = ev.place ? places.get(ev.place) : null;
  row("place", p ? spanLink("place", `place:${p.id}`, p.name || p.text, p.start, p.end) : h("span", { class: "empty" }, "none"),
    p && p.lat !== null ? h("span", { class: "span-ref" }, ` ${p.lat.toFixed(3)}, ${p.lon.toFixed(3)}${p.country_code ? " " + p.country_code : ""}${p.precision ? ", precision " + p.precision : ""}`) : null);
  const t = ev.date && ev.date.time ? times.get(ev.date.time) : null;
  row("date", `${ev.date.value || "unknown"}${ev.date.precision ? ` (${ev.date.precision})` : ""} `,
    t ? spanLink("time", `time:${t.id}`, t.text, t.start, t.end) : h("span", { class: "empty" }, ev.date.inferred ? "inferred from the publication date" : ""));
  if (ev.attribution) {
    const q = ev.attribution.quote ? quotes.get(ev.attribution.quote) : null;
    const sp = ev.attribution.speaker ? actors.get(ev.attribution.speaker) : null;
    row("said by", sp ? sp.name : (q && q.speaker_text) || "unknown", q ? h("span", {}, " — ", spanLink("quote", `quote:${q.id}`, truncate(q.text, 70), q.start, q.end)) : null);
  }
  if (ev.fatalities !== null && ev.fatalities !== undefined) row("fatalities", String(ev.fatalities));
  if (ev.quantities.length) row("quantities", ev.quantities.map((x) => x.text).join("; "));
  if (ev.acled) row("ACLED", `${ev.acled.event_type} / ${ev.acled.sub_event_type}`);
  row("evidence", spanLink("evidence", `evidence:${ev.id}`, truncate(ev.evidence.text, 140), ev.evidence.start, ev.evidence.end));
  row("confidence", ev.confidence.toFixed(2));
  return h("table", { class: "fields" }, h("tbody", {}, rows));
}

function renderArticle(doc, eventId) {
  const ev = doc.events.find((e) => e.id === eventId) || null;
  const view = $("#article-view");
  const chips = h("div", { class: "ev-chips" }, doc.events.map((e) => h("span", {
    class: "chip" + (ev && e.id === ev.id ? " selected" : ""), dataset: { event: e.id },
    onclick: () => openEvent(doc.id, e.id), title: truncate(e.evidence.text, 120),
  }, `${e.type} · ${e.modality}`)));
  const legend = h("div", { class: "legend" },
    h("span", {}, h("span", { class: "span-link evidence" }, "evidence")),
    h("span", { class: "span-link actor" }, "actor"), h("span", { class: "span-link place" }, "place"),
    h("span", { class: "span-link time" }, "time"), h("span", { class: "span-link quote" }, "quote"),
    h("span", {}, "boxed: trigger; shaded: fields of the selected event"));
  const removed = doc.removed.length ? h("details", { class: "removed" },
    h("summary", {}, `${doc.removed.length} piece${doc.removed.length > 1 ? "s" : ""} removed by cleaning`),
    h("ul", {}, doc.removed.map((r) => h("li", {}, `${r.reason}: `, truncate(r.text, 120))))) : null;
  view.replaceChildren(...[
    h("h3", {}, doc.title || doc.id),
    h("div", { class: "meta" }, [doc.source, doc.published, doc.language].filter(Boolean).join(" · "),
      doc.url ? h("span", {}, " · ", h("a", { href: doc.url, rel: "noreferrer noopener", target: "_blank" }, "source")) : null,
      ` · ${doc.events.length} events`),
    chips,
    ev ? renderFields(doc, ev) : h("p", { class: "placeholder" }, doc.events.length ? "Pick an event above." : "No events in this article."),
    legend,
    renderText(doc, ev),
    removed,
  ].filter(Boolean));
  view.dataset.article = doc.id;
  view.dataset.event = ev ? ev.id : "";
  if (ev) renderReports(doc.id, ev.id);
  if (ev) {
    const first = view.querySelector(".ev-sel");
    if (first) {
      const box = $("#article-text");
      box.scrollTop = Math.max(0, first.offsetTop - box.offsetTop - 40);
    }
  }
}

// The other articles reporting the same real-world event (a row added to the fields once known).
async function renderReports(articleId, eventId) {
  let cluster;
  try {
    cluster = await api(`/api/events/${encodeURIComponent(articleId)}/${encodeURIComponent(eventId)}/reports`);
  } catch (err) { return; }  // the event view stands without it
  const view = $("#article-view");
  const body = view.querySelector("table.fields tbody");
  if (!body || view.dataset.article !== articleId || view.dataset.event !== eventId) return;  // moved on
  const others = cluster.members.filter((m) => !(m.article_id === articleId && m.event_id === eventId));
  const links = others.map((m, i) => h("span", {}, i ? "; " : "", h("a", {
    href: "#", class: "report-link", dataset: { article: m.article_id, event: m.event_id }, title: truncate(m.evidence, 120),
    onclick: (e) => { e.preventDefault(); openEvent(m.article_id, m.event_id); },
  }, `${m.source || m.title || m.article_id}${m.published ? ` (${m.published})` : ""}`)));
  const n = cluster.reports;
  body.append(h("tr", { dataset: { field: "reports" } }, h("th", {}, "reports"),
    h("td", {}, `${n} article${n > 1 ? "s" : ""}`, others.length ? " — also " : "", ...links)));
}

// -- articles and failures -----------------------------------------------------------------------

async function searchArticles(q) {
  try {
    const page = await api("/api/articles", { q, limit: 100 });
    $("#articles-total").textContent = `${page.total} found`;
    $("#articles").replaceChildren(...page.articles.map((a) => h("li", {
      dataset: { article: a.id },
      onclick: () => getDoc(a.id).then((doc) => {
        state.selected = null;
        const first = doc.events.length ? doc.events[0].id : null;
        return openEvent(a.id, first);
      }).catch(showError),
    }, h("strong", {}, a.title || a.id), " ", h("span", { class: "note" }, `${a.published || ""} · ${a.n_events} events`),
      h("div", { class: "snippet" }, a.snippet))));
  } catch (err) { showError(err); }
}

async function loadFailures() {
  try {
    const rows = await api("/api/failures");
    $("#failures-total").textContent = `${rows.length}`;
    $("#failures").replaceChildren(...rows.map((f) => h("tr", {},
      h("td", {}, f.stage), h("td", {}, f.origin || f.document || ""), h("td", {}, f.reason))));
  } catch (err) { showError(err); }
}

// -- start ---------------------------------------------------------------------------------------

function start() {
  const typeSel = $("#f-type");
  for (const t of PLOVER) typeSel.append(h("option", {}, t));
  $("#filters").addEventListener("submit", (e) => { e.preventDefault(); applyFilters(readForm()); });
  $("#reset").addEventListener("click", () => applyFilters({}));
  $("#prev").addEventListener("click", () => loadPage(state.offset - state.limit));
  $("#next").addEventListener("click", () => loadPage(state.offset + state.limit));
  $("#map-fit").addEventListener("click", () => drawMap(true));
  $("#map-world").addEventListener("click", () => { state.view = { ...WORLD }; drawMap(false); });
  $("#bucket").addEventListener("change", drawTimeline);
  $("#article-search").addEventListener("submit", (e) => { e.preventDefault(); searchArticles(e.target.elements.q.value.trim()); });
  let resizeTimer = null;
  window.addEventListener("resize", () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => { drawMap(false); drawTimeline(); }, 150); });

  const { filters, sel } = readHash();
  api("/api/basemap").then((land) => { state.land = land; drawMap(false); }).catch(() => {});
  applyFilters(filters).then(() => { if (sel) openEvent(sel.article, sel.event); });
  searchArticles("");
  loadFailures();
}

document.addEventListener("DOMContentLoaded", start);
