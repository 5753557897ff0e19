// eventwire UI: filters, the event table, map, timeline and article view over the JSON API.
// Everything comes from this server: the map libraries are vendored at setup (static/vendor).
// The state (filters, sort, page size, page, selected event) lives in the URL's hash; every change
// of filters, sort or page is a history entry, so back and forward restore them.
"use strict";

import { $, api, eventDate, h, toParams, truncate } from "./util.js";
import { MultiSelect } from "./multiselect.js";
import { EventMap } from "./map.js";
import { Timeline } from "./timeline.js";
import { eventHref, renderArticle } from "./article.js";

const API = {
  events: "/api/events", geojson: "/api/events.geojson", csv: "/api/events.csv", acled: "/api/events.acled.csv",
  stats: "/api/stats", actors: "/api/actors", countries: "/api/countries", articles: "/api/articles",
};
const PLOVER = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const MULTI = ["type", "actor", "country"];
const SINGLE = ["modality", "since", "until", "near", "q", "min_fatalities", "bbox", "article"];
const SIZES = [10, 25, 50, 100];

const state = {
  filters: {}, sort: "-date", size: 25, page: 1,
  cursors: [null],          // cursors[i]: the cursor of page i + 1 under the current filters
  selected: null,           // {article, event}
  docs: new Map(),
  art: { q: "", page: 1, cursors: [null] },
};
let multi = {}, map = null, timeline = null, tableSeq = 0, countsShown = false;

// -- the URL -------------------------------------------------------------------------------------

function hashOf() {
  const p = toParams(state.filters);
  if (state.sort !== "-date") p.set("sort", state.sort);
  if (state.size !== 25) p.set("size", String(state.size));
  if (state.page > 1) p.set("page", String(state.page));
  if (state.selected) p.set("event", `${state.selected.article}/${state.selected.event}`);
  return p.toString();
}

function writeHash(push) {
  const hash = hashOf();
  const url = hash ? `#${hash}` : window.location.pathname + window.location.search;
  if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
}

function readHash() {
  const p = new URLSearchParams(window.location.hash.slice(1));
  const filters = {};
  for (const k of MULTI) { const v = p.getAll(k).filter(Boolean); if (v.length) filters[k] = v; }
  for (const k of SINGLE) if (p.get(k)) filters[k] = p.get(k);
  const ev = p.get("event");
  const cut = ev ? ev.indexOf("/") : -1;
  return {
    filters,
    sort: p.get("sort") || "-date",
    size: SIZES.includes(+p.get("size")) ? +p.get("size") : 25,
    page: Math.max(1, parseInt(p.get("page") || "1", 10) || 1),
    selected: cut > 0 ? { article: ev.slice(0, cut), event: ev.slice(cut + 1) } : null,
    doc: p.get("doc"),
  };
}

// -- filters -------------------------------------------------------------------------------------

function readForm() {
  const form = $("#filters");
  const out = {};
  for (const k of MULTI) { const ids = multi[k].ids(); if (ids.length) out[k] = ids; }
  for (const k of ["modality", "since", "until", "near", "q", "min_fatalities"]) {
    const v = form.elements[k].value.trim();
    if (v) out[k] = v;
  }
  if (state.filters.bbox) out.bbox = state.filters.bbox;
  if (state.filters.article) out.article = state.filters.article;
  return out;
}

function writeForm() {
  const form = $("#filters");
  for (const k of MULTI) multi[k].set(state.filters[k] || []);
  for (const k of ["modality", "since", "until", "near", "q", "min_fatalities"]) form.elements[k].value = state.filters[k] || "";
  const area = $("#area");
  const b = state.filters.bbox;
  area.replaceChildren(...(b ? [h("span", { class: "ms-chip area-chip" }, `Area ${b.split(",").map((x) => (+x).toFixed(2)).join(", ")}`,
    h("button", { type: "button", class: "ms-remove", "aria-label": "Remove the area filter", title: "Remove the area filter",
      onclick: () => setFilters({ ...state.filters, bbox: undefined }) }, "×"))] : []));
  for (const k of MULTI) {  // names for ids restored from the URL (a country picked from the list has its name)
    if (k === "country" && multi.country.unnamed().length) nameCountries();
  }
}

let countryNames = null;  // the names of every country, asked for once

async function nameCountries() {
  try {
    if (!countryNames) countryNames = api(API.countries, { limit: 300 });
    for (const c of await countryNames) multi.country.name_of(c.id, c.name);
  } catch (e) { countryNames = null; /* ids stay */ }
}

function setFilters(filters, { refit = true } = {}) {
  for (const k of Object.keys(filters)) if (filters[k] === undefined || filters[k] === "") delete filters[k];
  state.filters = filters;
  state.page = 1;
  state.cursors = [null];
  writeHash(true);
  return refresh({ refit });
}

let sticky = null;  // a message that stays (the map libraries are missing)

function showError(err, { keep = false } = {}) {
  const box = $("#message");
  if (keep) sticky = err;
  if (!err && sticky) err = sticky;
  if (!err) { box.hidden = true; box.textContent = ""; return; }
  box.textContent = String(err.message || err);
  box.hidden = false;
}

function updateExports() {
  const q = toParams({ ...state.filters, sort: state.sort !== "-date" ? state.sort : undefined }).toString();
  for (const [id, path] of [["#export-csv", API.csv], ["#export-geojson", API.geojson], ["#export-acled", API.acled]]) {
    $(id).setAttribute("href", q ? `${path}?${q}` : path);
  }
}

// Everything that depends on the filters: the page of the table, the counts and timeline, the map.
// Timings for benchmarks (bench/ui.py), in ms, on <body>: data-first-page (navigation start to the first
// table), data-first-view (to the first table and map drawn), data-first-ready (to the first table, counts,
// timeline and map drawn); data-table-ms, data-view-ms and data-refresh-ms (the last filter change to its
// table / to its table and map / to everything drawn), and data-refreshes (how many refreshes have finished).
async function refresh({ refit = true } = {}) {
  const t0 = performance.now();
  showError(null);
  writeForm();
  updateExports();
  if (!$("#watch-box").hidden) describeWatch();
  const table = loadPage(state.page).then(() => {
    const now = performance.now();
    document.body.dataset.tableMs = String(Math.round(now - t0));
    if (!document.body.dataset.firstPage) document.body.dataset.firstPage = String(Math.round(now));
  });
  const drawn = map.update(state.filters, { refit });
  const view = Promise.allSettled([table, drawn]).then(() => {
    const now = performance.now();
    document.body.dataset.viewMs = String(Math.round(now - t0));
    if (!document.body.dataset.firstView) {
      document.body.dataset.firstView = String(Math.round(now));
      map.refineBasemap?.({ now: true });  // the detailed coastlines once the page's first view is up
    }
  });
  // The counts and timeline are asked for once the table and map are drawn: they do not compete with them for the
  // server. The rows per table (the same for every filter) are asked for with the first page only.
  const first = !countsShown;
  const stats = view.then(() => api(API.stats, first ? state.filters : { ...state.filters, counts: "false" })).then((st) => {
    const c = st.counts || {};
    if (first) {
      $("#counts").textContent = `${c.articles || 0} articles · ${c.events || 0} events · ${c.places || 0} places · ${c.failures || 0} failures`;
      countsShown = true;
    }
    timeline.update(st);
  });
  await Promise.all([table, stats, drawn, view]).catch(showError);
  const end = performance.now();
  document.body.dataset.refreshMs = String(Math.round(end - t0));
  if (!document.body.dataset.firstReady) document.body.dataset.firstReady = String(Math.round(end));
  document.body.dataset.refreshes = String(+(document.body.dataset.refreshes || 0) + 1);
}

// -- the event table -----------------------------------------------------------------------------

async function fetchPage(page) {
  // Pages are read with the cursor the page before gave; a page not reached yet is walked to.
  for (let i = state.cursors.length; i < page; i++) {
    const prev = await api(API.events, { ...state.filters, sort: state.sort, limit: state.size, cursor: state.cursors[i - 1] || undefined });
    if (!prev.next) return { page: i, body: prev };
    state.cursors[i] = prev.next;
  }
  const body = await api(API.events, { ...state.filters, sort: state.sort, limit: state.size, cursor: state.cursors[page - 1] || undefined });
  return { page, body };
}

async function loadPage(page) {
  const seq = ++tableSeq;
  const { page: got, body } = await fetchPage(page);
  if (seq !== tableSeq) return;
  state.page = got;
  if (body.next) state.cursors[got] = body.next;
  renderTable(body);
}

function renderTable(body) {
  const items = body.items || body.events || [];
  const tbody = $("#events tbody");
  tbody.replaceChildren();
  if (!items.length) tbody.append(h("tr", {}, h("td", { colspan: 7, class: "empty" }, "No events match these filters.")));
  for (const ev of items) {
    const key = `${ev.article.id}/${ev.id}`;
    const actors = ev.actor_names.join(", ") + (ev.recipient_names.length ? " → " + ev.recipient_names.join(", ") : "");
    const place = ev.place_detail ? (ev.place_detail.name || ev.place_detail.text) : "";
    const open = (e) => { e.preventDefault(); openEvent(ev.article.id, ev.id); };
    tbody.append(h("tr", {
      dataset: { key, article: ev.article.id, event: ev.id }, class: isSelected(ev.article.id, ev.id) ? "selected" : null,
      onclick: (e) => { if (!e.target.closest("a")) openEvent(ev.article.id, ev.id); },
    },
      h("td", { class: "c-date", dataset: { value: ev.date.value || "" } }, eventDate(ev)),
      h("td", { class: "c-type", title: ev.type + (ev.mode ? ` (${ev.mode})` : "") }, ev.type,
        ev.mode ? h("span", { class: "mode" }, ev.mode) : null, h("span", { class: `badge ${ev.modality}` }, ev.modality)),
      h("td", { class: "c-actors", title: actors }, actors || "—"),
      h("td", { class: "c-place", title: place }, place || "—"),
      h("td", { class: "c-fat num" }, ev.fatalities === null || ev.fatalities === undefined ? "" : String(ev.fatalities)),
      h("td", { class: "c-conf num" }, ev.confidence.toFixed(2)),
      h("td", { class: "c-ev", title: ev.evidence.text }, h("a", { href: eventHref(ev.article.id, ev.id), onclick: open }, truncate(ev.evidence.text, 160)),
        h("span", { class: "art-title" }, ev.article.title || ev.article.id)),
    ));
  }
  const total = body.total;
  const first = (state.page - 1) * state.size + 1;
  const last = first + items.length - 1;
  $("#total").textContent = items.length ? `${first}–${last}${total !== null && total !== undefined ? ` of ${total}` : ""}` : "0";
  $("#page-label").textContent = `page ${state.page}${total ? ` of ${Math.max(1, Math.ceil(total / state.size))}` : ""}`;
  $("#prev").disabled = state.page <= 1;
  $("#next").disabled = !body.next;
  for (const th of document.querySelectorAll("#events th[data-sort]")) {
    const k = th.dataset.sort;
    const dir = state.sort === k ? "ascending" : state.sort === `-${k}` ? "descending" : null;
    if (dir) th.setAttribute("aria-sort", dir); else th.removeAttribute("aria-sort");
  }
}

function goPage(page) {
  state.page = Math.max(1, page);
  writeHash(true);
  loadPage(state.page).catch(showError);
}

function sortBy(key) {
  state.sort = state.sort === key ? `-${key}` : key;
  state.page = 1;
  state.cursors = [null];
  writeHash(true);
  updateExports();
  loadPage(1).catch(showError);
}

const isSelected = (article, event) => !!state.selected && state.selected.article === article && state.selected.event === event;

function markSelectedRows() {
  for (const tr of document.querySelectorAll("#events tbody tr[data-key]")) {
    tr.classList.toggle("selected", isSelected(tr.dataset.article, tr.dataset.event));
  }
}

// -- the article view ----------------------------------------------------------------------------

async function getDoc(id) {
  if (!state.docs.has(id)) state.docs.set(id, await api(`${API.articles}/${encodeURIComponent(id)}`));
  return state.docs.get(id);
}

async function openEvent(articleId, eventId, { focus = true } = {}) {
  state.selected = eventId ? { article: articleId, event: eventId } : null;
  writeHash(false);
  markSelectedRows();
  try {
    const doc = await getDoc(articleId);
    const ev = renderArticle($("#article-view"), doc, eventId, { onOpen: (a, e) => openEvent(a, e) });
    const place = ev && ev.place ? doc.places.find((p) => p.id === ev.place) : null;
    map.select(state.selected, place);
    if (place) map.focusOn(place);
    if (focus && window.matchMedia("(max-width: 1000px)").matches) $("#article-view").scrollIntoView({ block: "start" });
  } catch (err) { showError(err); }
}

async function openArticle(id) {
  try {
    const doc = await getDoc(id);
    await openEvent(id, doc.events.length ? doc.events[0].id : null);
  } catch (err) { showError(err); }
}

// -- articles and failures -----------------------------------------------------------------------

async function loadArticles(page) {
  const a = state.art;
  try {
    let body = null;
    page = Math.max(1, page);
    for (let i = Math.min(page, a.cursors.length); i <= page; i++) {
      const cursor = a.cursors[i - 1];
      body = await api(API.articles, { q: a.q, limit: 20, ...(typeof cursor === "number" ? { offset: cursor } : cursor ? { cursor } : {}) });
      const next = body.next !== undefined ? body.next
        : (body.offset + body.limit < body.total ? body.offset + body.limit : null);
      a.cursors[i] = next;
      if (i === page || next === null) { page = i; break; }
    }
    a.page = page;
    const items = body.items || body.articles || [];
    $("#articles-total").textContent = body.total !== null && body.total !== undefined ? `${body.total} found` : "";
    $("#articles").replaceChildren(...items.map((art) => h("li", { dataset: { article: art.id } },
      h("a", { href: `#doc=${encodeURIComponent(art.id)}`, onclick: (e) => { e.preventDefault(); openArticle(art.id); } }, art.title || art.id),
      " ", h("span", { class: "note" }, `${art.published || ""} · ${art.n_events} events`),
      h("div", { class: "snippet" }, art.snippet))));
    $("#art-page").textContent = `page ${page}`;
    $("#art-prev").disabled = page <= 1;
    $("#art-next").disabled = a.cursors[page] === null || a.cursors[page] === undefined;
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

// -- save the filters as a watchlist -------------------------------------------------------------
// A watchlist follows new events: since/until (and the one-article filter) are not saved; the rest maps
// onto eventwire.watch.WatchQuery (q is its text; type, actor and country go as lists).

const TOKEN_KEY = "eventwire-token";  // the reviewer token, shared with the review page

function watchQuery(filters) {
  const query = {};
  for (const k of MULTI) if (filters[k] && filters[k].length) query[k] = [...filters[k]];
  for (const k of ["modality", "near", "bbox"]) if (filters[k]) query[k] = filters[k];
  if (filters.q) query.text = filters.q;
  if (filters.min_fatalities !== undefined && filters.min_fatalities !== "") query.min_fatalities = Number(filters.min_fatalities);
  return query;
}

function watchError(err) {
  const box = $("#watch-error");
  box.textContent = err ? String(err.message || err) : "";
  box.hidden = !err;
}

function describeWatch() {  // what will be saved, for the filters now set
  const f = state.filters;
  const keys = Object.keys(watchQuery(f));
  $("#watch-summary").textContent = keys.length
    ? `New events that match ${keys.length === 1 ? "this filter" : `these ${keys.length} filters`} (${keys.join(", ")}) become alerts after every ingest, with an Atom feed.`
    : "No filter is set: every new event will become an alert.";
  $("#watch-dates").hidden = !(f.since || f.until);
}

function openWatch() {
  const box = $("#watch-box");
  describeWatch();
  $("#watch-token").value = $("#watch-token").value || localStorage.getItem(TOKEN_KEY) || "";
  watchError(null);
  $("#watch-done").replaceChildren();
  box.hidden = false;
  $("#save-watch").setAttribute("aria-expanded", "true");
  $("#watch-name").focus();
}

function closeWatch() {
  $("#watch-box").hidden = true;
  $("#save-watch").setAttribute("aria-expanded", "false");
  $("#save-watch").focus();
}

async function saveWatch(e) {
  e.preventDefault();
  const form = e.target;
  const name = form.elements.name.value.trim();
  const token = form.elements.token.value.trim();
  watchError(null);
  $("#watch-done").replaceChildren();
  if (!name) { watchError("Give the watchlist a name."); form.elements.name.focus(); return; }
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const resp = await fetch("/api/watchlists", { method: "POST", headers, body: JSON.stringify({ name, query: watchQuery(state.filters) }) });
    let body = null;
    try { body = await resp.json(); } catch (err) { body = null; }
    if (!resp.ok) {
      const why = (body && body.detail) || `${resp.status} ${resp.statusText}`;
      throw new Error(resp.status === 401 ? `Not saved: ${why}.` : `Not saved: ${why}`);
    }
    if (token) localStorage.setItem(TOKEN_KEY, token);
    const feed = `/api/watchlists/${encodeURIComponent(body.name)}/feed.atom`;
    $("#watch-done").replaceChildren(`Saved watchlist ${body.name}. Its alerts: `,
      h("a", { href: feed, id: "watch-feed" }, "Atom feed"), ".");
    form.elements.name.value = "";
  } catch (err) {
    watchError(err);
  } finally {
    button.disabled = false;
  }
}

// -- start ---------------------------------------------------------------------------------------

function fromUrl({ refit = true } = {}) {
  const st = readHash();
  state.filters = st.filters;
  state.sort = st.sort;
  state.size = st.size;
  state.page = st.page;
  state.cursors = [null];
  $("#page-size").value = String(st.size);
  const done = refresh({ refit });
  if (st.selected && !isSelected(st.selected.article, st.selected.event)) openEvent(st.selected.article, st.selected.event, { focus: false });
  else if (st.doc) openArticle(st.doc);
  state.selected = st.selected || state.selected;
  return done;
}

function showList(list) {
  $("#map").hidden = list;
  $("#map-list").hidden = !list;
  $("#show-map").setAttribute("aria-pressed", String(!list));
  $("#show-list").setAttribute("aria-pressed", String(list));
  if (!list) map.map.invalidateSize();
}

function start() {
  const names = (path) => (prefix) => api(path, { prefix, limit: 12 });
  const onchange = () => setFilters(readForm());
  multi = {
    type: new MultiSelect({ name: "type", label: "Type", onchange,
      source: async (prefix) => PLOVER.filter((t) => t.startsWith(prefix.toUpperCase())).map((t) => ({ id: t, name: t })) }),
    actor: new MultiSelect({ name: "actor", label: "Actor", source: names(API.actors), free: true, onchange }),
    country: new MultiSelect({ name: "country", label: "Country", source: names(API.countries), onchange }),
  };
  for (const k of MULTI) $(`#ms-${k}`).append(multi[k].el);

  if (typeof L === "undefined" || typeof topojson === "undefined" || !L.markerClusterGroup) {
    // The vendored map libraries are missing: say how to install them; the rest of the page works.
    showError("The map libraries are not installed here: run make setup (npm ci, then scripts/vendor.sh).", { keep: true });
    map = { update: async () => {}, select() {}, focusOn() {}, setBoxMode() {}, useView() {}, map: { invalidateSize() {} } };
  } else {
    map = new EventMap($("#map"), {
      geojsonUrl: API.geojson, listEl: $("#map-list"), noteEl: $("#map-note"),
      onEvent: (a, e) => openEvent(a, e),
      onBox: (box) => setFilters({ ...state.filters, bbox: box.join(",") }, { refit: false }),
    });
    map.loadBasemap().catch((err) => showError(`The basemap did not load (${err.message}): run make setup`));
  }
  timeline = new Timeline($("#timeline"), {
    noteEl: $("#timeline-note"),
    onRange: (since, until) => setFilters({ ...state.filters, since, until }),
  });

  $("#filters").addEventListener("submit", (e) => { e.preventDefault(); setFilters(readForm()); });
  $("#reset").addEventListener("click", () => setFilters({}));
  $("#save-watch").addEventListener("click", () => ($("#watch-box").hidden ? openWatch() : closeWatch()));
  $("#watch-cancel").addEventListener("click", closeWatch);
  $("#watch-form").addEventListener("submit", saveWatch);
  $("#watch-box").addEventListener("keydown", (e) => { if (e.key === "Escape") { e.preventDefault(); closeWatch(); } });
  $("#prev").addEventListener("click", () => goPage(state.page - 1));
  $("#next").addEventListener("click", () => goPage(state.page + 1));
  $("#page-size").addEventListener("change", (e) => {
    state.size = +e.target.value; state.page = 1; state.cursors = [null];
    writeHash(true); loadPage(1).catch(showError);
  });
  for (const th of document.querySelectorAll("#events th[data-sort]")) {
    th.querySelector("button").addEventListener("click", () => sortBy(th.dataset.sort));
  }
  $("#map-draw").addEventListener("click", () => map.setBoxMode(!map.boxMode));
  $("#map-use-view").addEventListener("click", () => map.useView());
  $("#show-map").addEventListener("click", () => showList(false));
  $("#show-list").addEventListener("click", () => showList(true));
  $("#article-search").addEventListener("submit", (e) => {
    e.preventDefault();
    state.art = { q: e.target.elements.q.value.trim(), page: 1, cursors: [null] };
    loadArticles(1);
  });
  $("#art-prev").addEventListener("click", () => loadArticles(state.art.page - 1));
  $("#art-next").addEventListener("click", () => loadArticles(state.art.page + 1));
  let resizeTimer = null;
  window.addEventListener("resize", () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => timeline.draw(), 150); });
  window.addEventListener("popstate", () => fromUrl({ refit: true }));

  // The article list and the failures wait for the first page: they are not what the page opens for.
  fromUrl().then(() => {
    document.body.dataset.ready = "1";
    loadArticles(1);
    loadFailures();
  });
}

document.addEventListener("DOMContentLoaded", start);
