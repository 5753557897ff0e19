// Small helpers shared by the UI's modules: element builders, the API client, date formatting.
"use strict";

const SVG = "http://www.w3.org/2000/svg";

export const $ = (sel, root = document) => root.querySelector(sel);

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  setAttrs(el, attrs);
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.setAttribute("class", v);
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : v);
  }
}

// Query parameters from an object whose values are strings or arrays of strings (repeated keys).
export function toParams(obj) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(obj || {})) {
    for (const x of Array.isArray(v) ? v : [v]) {
      if (x !== undefined && x !== null && x !== "") p.append(k, x);
    }
  }
  return p;
}

export async function api(path, params, { signal } = {}) {
  const q = toParams(params).toString();
  const resp = await fetch(q ? `${path}?${q}` : path, { signal });
  let body = null;
  try { body = await resp.json(); } catch (e) { body = null; }
  if (!resp.ok) throw new Error((body && body.detail) || `${resp.status} ${resp.statusText}`);
  return body;
}

export function truncate(text, n) {
  const t = (text || "").replace(/\s+/g, " ").trim();
  return t.length > n ? t.slice(0, n - 1) + "…" : t;
}

// Only http(s) addresses become links; anything else (javascript:, data:, relative) stays text.
export function safeUrl(url) {
  return typeof url === "string" && /^https?:\/\/[^\s]+$/i.test(url.trim()) ? url.trim() : null;
}

const SEASONS = { SP: "spring", SU: "summer", FA: "autumn", WI: "winter" };
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// A TIMEX3 date value as precise as it is: '2021', 'Oct 2021', '2021-10-05', '2019 week 47', 'Q3 2021', '2020s'.
export function fmtDate(value) {
  if (!value) return "";
  let m;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value))) return `${m[1]}-${m[2]}-${m[3]}`;
  if ((m = /^(\d{4})-W(\d{2})$/.exec(value))) return `${m[1]} week ${+m[2]}`;
  if ((m = /^(\d{4})-Q([1-4])$/.exec(value))) return `Q${m[2]} ${m[1]}`;
  if ((m = /^(\d{4})-H([12])$/.exec(value))) return `H${m[2]} ${m[1]}`;
  if ((m = /^(\d{4})-(SP|SU|FA|WI)$/.exec(value))) return `${SEASONS[m[2]]} ${m[1]}`;
  if ((m = /^(\d{4})-(\d{2})$/.exec(value))) return `${MONTHS[+m[2] - 1] || m[2]} ${m[1]}`;
  if ((m = /^(\d{4})$/.exec(value))) return m[1];
  if ((m = /^(\d{3})$/.exec(value))) return `${m[1]}0s`;
  return value;
}

// An event's date for a table or popup: its own value with its precision, else the publication day.
export function eventDate(ev) {
  const value = ev.date && ev.date.value;
  if (value && /^\d{3}/.test(value)) return fmtDate(value);
  const pub = ev.article && ev.article.published;
  return pub ? `${fmtDate(pub)} (published)` : (value || "");
}

export const DAY_MS = 86400000;
export const parseDay = (d) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10));
export const fmtDay = (ms) => new Date(ms).toISOString().slice(0, 10);
export const monthName = (i) => MONTHS[i];

// fn called once calls stop for ms; the returned function's cancel() drops a call still waiting.
export function debounce(fn, ms) {
  let t = null;
  const call = (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
  call.cancel = () => { clearTimeout(t); t = null; };
  return call;
}
