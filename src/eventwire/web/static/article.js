// The article view: the cleaned text with every span highlighted, the selected event's fields linked
// to their evidence, the article's other events as chips, and the other articles reporting the event.
"use strict";

import { api, fmtDate, h, safeUrl, truncate } from "./util.js";

export const eventHref = (article, event) => `#event=${encodeURIComponent(article)}/${encodeURIComponent(event)}`;

function spansOf(doc) {
  const out = [];
  for (const a of doc.actors) for (const m of a.mentions) out.push({ start: m.start, end: m.end, kind: "actor", key: `actor:${a.id}:${m.start}`, label: `actor: ${a.name}` });
  for (const p of doc.places) out.push({ start: p.start, end: p.end, kind: "place", key: `place:${p.id}`, label: `place: ${p.name || p.text}${p.lat !== null && p.lat !== undefined ? ` (${p.lat.toFixed(3)}, ${p.lon.toFixed(3)})` : ""}` });
  for (const t of doc.times) out.push({ start: t.start, end: t.end, kind: "time", key: `time:${t.id}`, label: `time: ${t.value}` });
  for (const q of doc.quotes) out.push({ start: q.start, end: q.end, kind: "quote", key: `quote:${q.id}`, label: `quote (${q.kind})` });
  for (const e of doc.events) {
    out.push({ start: e.evidence.start, end: e.evidence.end, kind: "evidence", key: `evidence:${e.id}`, label: `event: ${e.type} (${e.modality})` });
    if (e.trigger) out.push({ start: e.trigger.start, end: e.trigger.end, kind: "trigger", key: `trigger:${e.id}`, label: `trigger of ${e.type}` });
  }
  const n = doc.text.length;
  return out.filter((sp) => sp.start >= 0 && sp.end <= n && sp.end > sp.start);
}

function selectedKeys(doc, ev) {
  const keys = new Set();
  if (!ev) return keys;
  keys.add(`evidence:${ev.id}`);
  keys.add(`trigger:${ev.id}`);
  const who = new Set([...ev.actors, ...ev.recipients]);
  for (const a of doc.actors) {
    if (!who.has(a.id)) continue;
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
  const box = h("div", { class: "text", id: "article-text", tabindex: 0, role: "region", "aria-label": "Article text" });
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const piece = text.slice(a, b);
    const over = spans.filter((sp) => sp.start <= a && sp.end >= b);
    if (!over.length) { box.append(piece); continue; }
    const classes = new Set();
    const keys = [];
    for (const sp of over) {
      if (sp.kind === "trigger") { if (sel.has(sp.key)) classes.add("k-trigger"); } else classes.add(`k-${sp.kind}`);
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
    h("button", { type: "button", class: `span-link ${kind}`, dataset: { key }, onclick: () => flash(key), title: "show in the text" }, text),
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
  const row = (name, ...value) => rows.push(h("tr", { dataset: { field: name } }, h("th", { scope: "row" }, name), h("td", {}, ...value)));
  row("type", `${ev.type}${ev.mode ? ` / ${ev.mode}` : ""}`, ev.context.length ? h("span", { class: "span-ref" }, ` ${ev.context.join(", ")}`) : null,
    ev.trigger ? h("span", {}, " — trigger ", spanLink("evidence", `trigger:${ev.id}`, ev.trigger.text, ev.trigger.start, ev.trigger.end)) : null);
  row("modality", h("span", { class: `badge ${ev.modality}` }, ev.modality));
  row("actors", who(ev.actors));
  row("recipients", who(ev.recipients));
  const p = ev.place ? places.get(ev.place) : null;
  row("place", p ? spanLink("place", `place:${p.id}`, p.name || p.text, p.start, p.end) : h("span", { class: "empty" }, "none"),
    p && p.lat !== null ? h("span", { class: "span-ref" }, ` ${p.lat.toFixed(3)}, ${p.lon.toFixed(3)}${p.country_code ? " " + p.country_code : ""}${p.precision ? ", precision " + p.precision : ""}`) : null);
  const t = ev.date && ev.date.time ? times.get(ev.date.time) : null;
  row("date", ev.date.value ? fmtDate(ev.date.value) : "unknown", ev.date.precision ? h("span", { class: "span-ref" }, ` (${ev.date.precision}) `) : " ",
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

// A link to a report's source: a real link only for http(s) addresses.
export function sourceLink(url, text) {
  const safe = safeUrl(url);
  return safe ? h("a", { href: safe, rel: "noreferrer noopener", target: "_blank", class: "source-link" }, text)
    : h("span", { class: "source-text", title: url || "" }, url ? `${text}: ${truncate(url, 60)}` : "");
}

export function renderArticle(view, doc, eventId, { onOpen }) {
  const ev = doc.events.find((e) => e.id === eventId) || null;
  const chips = h("div", { class: "ev-chips", role: "group", "aria-label": "Events of this article" }, doc.events.map((e) => h("button", {
    type: "button", class: "chip" + (ev && e.id === ev.id ? " selected" : ""), dataset: { event: e.id },
    "aria-pressed": String(!!ev && e.id === ev.id), onclick: () => onOpen(doc.id, e.id), title: truncate(e.evidence.text, 120),
  }, `${e.type} · ${e.modality}`)));
  const legend = h("div", { class: "legend", "aria-hidden": "true" },
    h("span", { class: "lg evidence" }, "evidence"), h("span", { class: "lg actor" }, "actor"), h("span", { class: "lg place" }, "place"),
    h("span", { class: "lg time" }, "time"), h("span", { class: "lg quote" }, "quote"),
    h("span", {}, "boxed: trigger; shaded: fields of the selected event"));
  const removed = doc.removed.length ? h("details", { class: "removed" },
    h("summary", {}, `${doc.removed.length} piece${doc.removed.length > 1 ? "s" : ""} removed by cleaning`),
    h("ul", {}, doc.removed.map((r) => h("li", {}, `${r.reason}: `, truncate(r.text, 120))))) : null;
  view.replaceChildren(...[
    h("h2", { class: "article-title", id: "article-title" }, doc.title || doc.id),
    h("div", { class: "meta" }, [doc.source, doc.published ? fmtDate(doc.published) : null, doc.language].filter(Boolean).join(" · "),
      doc.url ? h("span", {}, " · ", sourceLink(doc.url, "source")) : null, ` · ${doc.events.length} events`),
    chips,
    ev ? renderFields(doc, ev) : h("p", { class: "placeholder" }, doc.events.length ? "Pick an event above." : "No events in this article."),
    legend,
    renderText(doc, ev),
    removed,
  ].filter(Boolean));
  view.dataset.article = doc.id;
  view.dataset.event = ev ? ev.id : "";
  if (ev) {
    renderReports(view, doc.id, ev.id, onOpen);
    const first = view.querySelector(".ev-sel");
    const box = view.querySelector("#article-text");
    if (first && box) box.scrollTop = Math.max(0, first.offsetTop - box.offsetTop - 40);
  }
  return ev;
}

// The other articles reporting the same real-world event, each article once, with its source link.
async function renderReports(view, articleId, eventId, onOpen) {
  let cluster;
  try {
    cluster = await api(`/api/events/${encodeURIComponent(articleId)}/${encodeURIComponent(eventId)}/reports`);
  } catch (err) { return; }
  const body = view.querySelector("table.fields tbody");
  if (!body || view.dataset.article !== articleId || view.dataset.event !== eventId) return;
  const seen = new Set([articleId]);
  const others = [];
  for (const m of cluster.members) {
    if (seen.has(m.article_id)) continue;
    seen.add(m.article_id);
    others.push(m);
  }
  const n = cluster.reports;
  const items = others.map((m) => h("li", {},
    h("a", { href: eventHref(m.article_id, m.event_id), class: "report-link", dataset: { article: m.article_id, event: m.event_id },
      title: truncate(m.evidence, 120), onclick: (e) => { e.preventDefault(); onOpen(m.article_id, m.event_id); } },
    `${m.source || m.title || m.article_id}${m.published ? ` (${fmtDate(m.published)})` : ""}`),
    m.url ? h("span", {}, " ", sourceLink(m.url, "source")) : null));
  body.append(h("tr", { dataset: { field: "reports" } }, h("th", { scope: "row" }, "reports"),
    h("td", {}, `${n} article${n > 1 ? "s" : ""}`, others.length ? " — also:" : "", others.length ? h("ul", { class: "reports" }, items) : null)));
}
