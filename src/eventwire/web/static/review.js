// eventwire review queue: keyboard-first, no external resources. Reads are open; writes send the
// reviewer token (kept in localStorage) as "Authorization: Bearer ...".
"use strict";

const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
  "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const FILTERS = ["status", "min_confidence", "max_confidence", "type", "source", "article"];
const $ = (s) => document.querySelector(s);
const state = { token: localStorage.getItem("eventwire-token") || "", items: [], index: 0, total: 0, filters: {},
  article: null, place: null, selection: null };

function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") el.className = v; else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined) el.setAttribute(k, v);
  }
  for (const k of kids.flat()) el.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return el;
}

function message(text, ok) {
  const m = $("#msg");
  m.hidden = !text;
  m.textContent = text || "";
  m.classList.toggle("ok", !!ok);
}

async function api(path, opts = {}) {
  const headers = { ...(opts.headers || {}) };
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  const res = await fetch(path, { method: opts.method || "GET", headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  const data = text && (res.headers.get("content-type") || "").includes("json") ? JSON.parse(text) : text;
  if (!res.ok) throw new Error((data && data.detail) || `HTTP ${res.status}`);
  return data;
}

function readHash() {
  const p = new URLSearchParams(window.location.hash.slice(1));
  const out = {};
  for (const k of FILTERS) if (p.get(k)) out[k] = p.get(k);
  return out;
}

function writeForm() {
  const form = $("#filters");
  for (const k of FILTERS) form.elements[k].value = state.filters[k] || (k === "status" ? "unreviewed" : "");
}

async function whoami() {
  if (!state.token) { $("#who").textContent = "read-only: no reviewer token"; return; }
  try {
    const me = await api("/api/review/whoami");
    $("#who").textContent = `reviewer: ${me.reviewer}`;
  } catch (e) {
    $("#who").textContent = "read-only: token not accepted";
  }
}

async function loadQueue(keepKey) {
  const params = new URLSearchParams({ ...state.filters, limit: 200 });
  const page = await api(`/api/review/queue?${params}`);
  state.items = page.items;
  state.total = page.total;
  $("#queue-total").textContent = `${page.total} event(s)`;
  let idx = keepKey ? state.items.findIndex((x) => x.key === keepKey) : -1;
  if (idx < 0) idx = Math.min(state.index, Math.max(0, state.items.length - 1));
  renderQueue();
  await select(idx);
}

function renderQueue() {
  $("#queue").replaceChildren(...state.items.map((it, i) => h("li", {
    "data-key": it.key, class: i === state.index ? "sel" : "", onclick: () => select(i),
  }, h("span", { class: `st ${it.status}` }, it.status), h("b", {}, it.value.type), " ",
  it.value.evidence.text.replace(/\s+/g, " ").slice(0, 110))));
}

async function select(i) {
  state.index = i;
  for (const [j, li] of [...$("#queue").children].entries()) li.classList.toggle("sel", j === i);
  const it = state.items[i];
  $("#current").hidden = !it;
  if (!it) return;
  $("#queue").children[i].scrollIntoView({ block: "nearest" });
  if (!state.article || state.article.id !== it.article_id) {
    state.article = await api(`/api/review/articles/${it.article_id}`);
    state.selection = null;
    $("#selection").textContent = "";
  }
  showEvent(it);
}

function showEvent(it) {
  const text = state.article.text;
  const { start, end } = it.value.evidence;
  $("#cur-title").textContent = `${it.value.type} · ${state.article.title || it.article_id}`;
  const badge = $("#cur-status");
  badge.textContent = it.status;
  badge.className = `badge ${it.status}`;
  $("#article-text").replaceChildren(text.slice(0, start), h("mark", {}, text.slice(start, end)), text.slice(end));
  const mark = $("#article-text mark");
  if (mark) mark.scrollIntoView({ block: "nearest" });
  const v = it.value;
  const f = $("#fix").elements;
  f.type.value = v.type;
  f.acled_event_type.value = v.acled_event_type || "";
  f.acled_sub_event_type.value = v.acled_sub_event_type || "";
  f.actors.value = v.actors.join("; ");
  f.recipients.value = v.recipients.join("; ");
  f.place.value = v.place ? v.place.name : "";
  f.date.value = v.date || "";
  f.modality.value = v.modality;
  f.fatalities.value = v.fatalities === null || v.fatalities === undefined ? "" : v.fatalities;
  f.note.value = "";
  state.place = null;
  $("#place-results").replaceChildren();
}

function current() { return state.items[state.index]; }

async function afterWrite(key, text) {
  message(text, true);
  await loadQueue(key);
}

async function verdict(value) {
  const it = current();
  if (!it) return;
  const body = { verdict: value, note: $("#fix").elements.note.value || null };
  if (value === "duplicate") {
    body.duplicate_of = $("#dup-of").value.trim();
    if (!body.duplicate_of) { $("#dup-of").focus(); message("name the event it duplicates"); return; }
  }
  try {
    await api(`/api/review/events/${it.article_id}/${it.event_id}/verdict`, { method: "POST", body });
    await afterWrite(null, `${it.event_id}: ${value}`);
  } catch (e) { message(e.message); }
}

const names = (s) => s.split(";").map((x) => x.trim()).filter(Boolean);

async function save(e) {
  if (e) e.preventDefault();
  const it = current();
  if (!it) return;
  const f = $("#fix").elements;
  const v = it.value;
  const want = {
    type: f.type.value, acled_event_type: f.acled_event_type.value.trim() || null,
    acled_sub_event_type: f.acled_sub_event_type.value.trim() || null, actors: names(f.actors.value),
    recipients: names(f.recipients.value), date: f.date.value.trim() || null, modality: f.modality.value,
    fatalities: f.fatalities.value.trim() === "" ? null : Number(f.fatalities.value),
  };
  const changes = Object.entries(want).filter(([k, x]) => JSON.stringify(x) !== JSON.stringify(v[k] ?? null));
  const placeName = f.place.value.trim();
  if (state.place) changes.push(["place", state.place]);
  else if (placeName !== (v.place ? v.place.name : "")) changes.push(["place", placeName ? { name: placeName } : null]);
  if (!changes.length) { message("nothing changed"); return; }
  try {
    for (const [field, value] of changes) {
      await api(`/api/review/events/${it.article_id}/${it.event_id}/correct`,
        { method: "POST", body: { field, value, note: f.note.value || null } });
    }
    await afterWrite(it.key, `${it.event_id}: corrected ${changes.map((c) => c[0]).join(", ")}`);
  } catch (err) { message(err.message); }
}

async function searchPlace() {
  const q = $("#fix").elements.place.value.trim();
  if (!q) return;
  try {
    const found = await api(`/api/review/places?${new URLSearchParams({ q })}`);
    $("#place-results").replaceChildren(...found.map((p, i) => h("li", {
      tabindex: "0", "data-i": i, onclick: () => pickPlace(p),
      onkeydown: (e) => { if (e.key === "Enter") { e.preventDefault(); pickPlace(p); } },
    }, `${p.name}${p.admin1 ? `, ${p.admin1}` : ""} (${p.country_code || "?"}) ${p.lat.toFixed(3)}, ${p.lon.toFixed(3)}`)));
    if (!found.length) message(`no gazetteer place named ${q}`);
    const first = $("#place-results li");
    if (first) first.focus();
  } catch (e) { message(e.message); }
}

function pickPlace(p) {
  state.place = { name: p.name, lat: p.lat, lon: p.lon, geonameid: p.geonameid, country_code: p.country_code };
  $("#fix").elements.place.value = p.name;
  $("#place-results").replaceChildren(h("li", { class: "sel" }, `chosen: ${p.name} ${p.lat.toFixed(3)}, ${p.lon.toFixed(3)}`));
  $("#btn-save").focus();
}

function trackSelection() {
  const box = $("#article-text");
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
  const r = sel.getRangeAt(0);
  if (!box.contains(r.startContainer) || !box.contains(r.endContainer)) return;
  const pre = document.createRange();
  pre.setStart(box, 0);
  pre.setEnd(r.startContainer, r.startOffset);
  const start = pre.toString().length;
  const end = start + r.toString().length;
  state.selection = { start, end };
  $("#selection").textContent = `“${state.article.text.slice(start, end)}” (${start}–${end})`;
}

async function addMissed() {
  const it = current();
  if (!it || !state.selection) { message("select the evidence in the article text first"); return; }
  const fields = { type: $("#add-type").value };
  const actors = names($("#add-actors").value);
  if (actors.length) fields.actors = actors;
  try {
    const res = await api(`/api/review/articles/${it.article_id}/events`,
      { method: "POST", body: { ...state.selection, fields } });
    state.selection = null;
    $("#selection").textContent = "";
    await afterWrite(it.key, `added ${res.event_id}`);
  } catch (e) { message(e.message); }
}

function move(d) {
  const i = Math.max(0, Math.min(state.items.length - 1, state.index + d));
  if (i !== state.index) select(i);
}

function onKey(e) {
  const typing = ["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement.tagName);
  if (e.key === "Escape") { document.activeElement.blur(); return; }
  if (typing) {
    if (e.key === "Enter" && document.activeElement === $("#fix").elements.place) { e.preventDefault(); searchPlace(); }
    return;
  }
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const f = $("#fix").elements;
  const act = { j: () => move(1), k: () => move(-1), r: () => verdict("right"), w: () => verdict("not_event"),
    d: () => verdict("duplicate"), s: () => save(), n: () => addMissed(),
    a: () => f.actors.focus(), p: () => f.place.focus() }[e.key];
  if (act) { e.preventDefault(); act(); }
}

async function loadWatchlists() {
  const lists = await api("/api/watchlists");
  $("#watchlists").replaceChildren(...lists.map((w) => h("li", { "data-name": w.name },
    h("b", {}, w.name), " ", JSON.stringify(Object.fromEntries(Object.entries(w.query).filter(([, v]) => v !== null))),
    " · ", h("a", { href: `/api/watchlists/${encodeURIComponent(w.name)}/feed.atom` }, "Atom feed"),
    " · ", h("a", { href: `/api/watchlists/${encodeURIComponent(w.name)}/alerts` }, "alerts"))));
}

async function saveWatchlist(e) {
  e.preventDefault();
  const f = e.target.elements;
  const query = {};
  for (const k of ["actor", "type", "modality", "near", "country", "admin", "text", "min_confidence"]) {
    const v = f[k].value.trim();
    if (v) query[k] = k === "min_confidence" ? Number(v) : v;
  }
  try {
    await api("/api/watchlists", { method: "POST",
      body: { name: f.name.value.trim(), query, webhook: f.webhook.value.trim() || null } });
    message(`watchlist ${f.name.value.trim()} saved`, true);
    e.target.reset();
    await loadWatchlists();
  } catch (err) { message(err.message); }
}

function init() {
  for (const sel of document.querySelectorAll("select.types")) {
    for (const t of TYPES) sel.append(h("option", { value: t }, t));
  }
  state.filters = readHash();
  writeForm();
  $("#token").value = state.token;
  $("#token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    state.token = $("#token").value.trim();
    localStorage.setItem("eventwire-token", state.token);
    whoami();
  });
  $("#filters").addEventListener("submit", (e) => {
    e.preventDefault();
    const out = {};
    for (const k of FILTERS) { const v = e.target.elements[k].value.trim(); if (v) out[k] = v; }
    state.filters = out;
    state.index = 0;
    history.replaceState(null, "", `#${new URLSearchParams(out)}`);
    loadQueue().catch((err) => message(err.message));
  });
  $("#fix").addEventListener("submit", save);
  $("#btn-right").addEventListener("click", () => verdict("right"));
  $("#btn-wrong").addEventListener("click", () => verdict("not_event"));
  $("#btn-dup").addEventListener("click", () => verdict("duplicate"));
  $("#btn-add").addEventListener("click", addMissed);
  $("#place-search").addEventListener("click", searchPlace);
  $("#fix").elements.place.addEventListener("input", () => { state.place = null; });
  document.addEventListener("selectionchange", trackSelection);
  document.addEventListener("keydown", onKey);
  $("#watch-form").addEventListener("submit", saveWatchlist);
  whoami();
  loadQueue().catch((e) => message(e.message));
  loadWatchlists().catch((e) => message(e.message));
}

init();
