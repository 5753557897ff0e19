// The map: Leaflet over an offline Natural Earth basemap (world-atlas TopoJSON), events clustered with
// leaflet.markercluster, grid aggregates from the API at low zoom, a box to filter by area, and the
// selected event's place precision as a circle of its radius. Zoomed in (ADMIN1_ZOOM and closer), the
// borders between states and provinces too, fetched the first time they are wanted (scripts/admin1.js
// builds them at setup). Leaflet, L.markerClusterGroup and topojson are the globals of the vendored
// scripts (static/vendor, installed by `make setup`).
"use strict";

import { api, debounce, eventDate, fmtDate, h, truncate } from "./util.js";

// Natural Earth at 1:110m first (a seventh of the bytes, and of the work of drawing the page on opening: 1:50m
// held the first table back by 300 ms at 1M events), then at 1:50m: once the first table and map are drawn
// (app.js), or sooner if the map is zoomed in to FINE_ZOOM before that.
const BASEMAP = "/static/vendor/world-atlas/countries-110m.json";
const BASEMAP_FINE = "/static/vendor/world-atlas/countries-50m.json";
const FINE_ZOOM = 3;  // closer in, the 1:110m coastlines are visibly coarse
const ADMIN1 = "/static/vendor/admin1/admin1-lines.json";
const ADMIN1_ZOOM = 4;  // farther out, the lines of small provinces crowd the map
const PRECISION_KM = { 1: 5, 2: 25, 3: 100 };

// How far an event's place may lie from its point (km): half its box's diagonal, else by precision.
export function radiusKm(place) {
  if (!place) return 0;
  if (place.bbox && place.bbox.length === 4) {
    const [south, west, north, east] = place.bbox;
    const dy = (north - south) * 111.32, dx = (east - west) * 111.32 * Math.cos(((south + north) / 2) * Math.PI / 180);
    return Math.max(Math.hypot(dx, dy) / 2, 1);
  }
  return PRECISION_KM[place.precision || 1] || 5;
}

const round = (x) => Math.round(x * 1000) / 1000;
// The stored grid's fine cells (store/schema.py GRID_CELL) and the zoom from which the map gets points
// (store/grid.py GRID_ZOOM): below it, the view asked for is widened to whole fine cells, which the server
// sums from its stored cells without reading events.
const GRID_CELL = 90 / 64, GRID_ZOOM = 7;
const snap = (x, off, lim, up) => Math.max(-lim, Math.min(lim, (up ? Math.ceil : Math.floor)((x + off) / GRID_CELL) * GRID_CELL - off));

export class EventMap {
  // el: the map's element; geojsonUrl: the API path; onEvent(article, event); onBox([w,s,e,n]).
  constructor(el, { geojsonUrl, onEvent, onBox, listEl, noteEl }) {
    this.el = el;
    this.url = geojsonUrl;
    this.onEvent = onEvent;
    this.onBox = onBox;
    this.listEl = listEl;
    this.noteEl = noteEl;
    this.filters = {};
    this.features = [];
    this.selected = null;
    this.boxMode = false;
    this.map = L.map(el, { worldCopyJump: true, minZoom: 1, maxZoom: 13, boxZoom: false, zoomSnap: 0.5 });
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution("Basemap: Natural Earth (world-atlas) · Leaflet");
    this.map.setView([20, 10], 2);
    this.clusters = L.markerClusterGroup({
      showCoverageOnHover: false, maxClusterRadius: 45, spiderfyOnMaxZoom: true,
      iconCreateFunction: (c) => {
        const n = c.getChildCount(), at = c.getLatLng();
        return L.divIcon({
          html: `<span data-lat="${at.lat.toFixed(4)}" data-lon="${at.lng.toFixed(4)}">${n}</span>` +
            `<span class="sr-only"> events here, press Enter to open</span>`,
          className: "ew-cluster", iconSize: L.point(34, 34),
        });
      },
    });
    // The API's grid cells; cells whose markers would overlap are shown as one, with the summed count.
    this.aggregates = L.markerClusterGroup({
      showCoverageOnHover: false, maxClusterRadius: 64, spiderfyOnMaxZoom: false,
      iconCreateFunction: (c) => {
        const n = c.getAllChildMarkers().reduce((a, m) => a + (m.options.count || 0), 0), at = c.getLatLng();
        return L.divIcon({
          html: `<span data-lat="${at.lat.toFixed(4)}" data-lon="${at.lng.toFixed(4)}">${n}</span>` +
            `<span class="sr-only"> events here, press Enter to zoom in</span>`,
          className: "ew-agg", iconSize: L.point(aggSize(n), aggSize(n)),
        });
      },
    });
    this.extra = L.layerGroup();  // filter box, precision circle
    this.clusters.addTo(this.map);
    this.aggregates.addTo(this.map);
    this.extra.addTo(this.map);
    this.reload = debounce(() => this.load().catch(() => {}), 120);
    this.map.on("moveend", () => {
      const c = this.map.getCenter();
      Object.assign(this.el.dataset, { zoom: String(this.map.getZoom()), center: `${c.lat.toFixed(4)},${c.lng.toFixed(4)}` });
      this.reload();
    });
    this.initBox();
    // Markers and clusters are focusable (Tab); Enter or Space on one does what a click does.
    el.addEventListener("keydown", (e) => {
      if ((e.key === "Enter" || e.key === " ") && e.target.classList.contains("leaflet-marker-icon")) {
        e.preventDefault();
        e.stopPropagation();
        e.target.click();
      }
    });
  }

  // The basemap is drawn on canvases (one per layer: land, admin-1 lines, borders, coasts, in that order) in
  // a pane of its own under the overlays: redrawing thousands of SVG paths after a refit took 150-300 ms in
  // Chromium, a canvas far less. Each canvas carries its layer's class and line weight (data-weight).
  async loadBasemap() {
    const topo = await api(BASEMAP);
    const pane = this.map.createPane("basemap");
    pane.style.zIndex = "350";  // over the tiles (200), under the overlays (400) and markers (600)
    pane.style.pointerEvents = "none";
    const layer = (geo, className, opts) => {
      const renderer = L.canvas({ pane: "basemap", padding: 0.3 });
      const l = fastProjection(L.geoJSON(geo, { renderer, pane: "basemap", interactive: false, className, ...opts }));
      renderer.once("add", () => {
        const c = canvasOf(renderer);
        c.classList.add(className);
        c.dataset.weight = String(opts.stroke === false ? 0 : opts.weight);
      });
      return l;
    };
    const shapes = basemapShapes(topo);
    this.layers = {
      land: layer(shapes.land, "ne-land", { stroke: false, fillColor: "#e7e3d8", fillOpacity: 1 }),
      border: layer(shapes.border, "ne-border", { color: "#8c8577", weight: 0.8, fill: false }),
      coast: layer(shapes.coast, "ne-coast", { color: "#7fa3bf", weight: 0.9, fill: false }),
    };
    this.layers.land.addTo(this.map);
    this.admin1Slot = L.canvas({ pane: "basemap", padding: 0.3 });  // its canvas, between land and borders
    this.map.addLayer(this.admin1Slot);
    canvasOf(this.admin1Slot).classList.add("ne-admin1");
    this.layers.border.addTo(this.map);
    this.layers.coast.addTo(this.map);
    this.el.dataset.basemap = "ready";
    this.el.dataset.basemapScale = "110m";
    this.map.on("zoomend", () => { this.showAdmin1(); this.refineBasemap(); });
    this.showAdmin1();
    this.refineBasemap({ now: !!this.fineWanted });
  }

  // The 1:50m basemap, fetched once (``now``, or the first time the map is zoomed in to FINE_ZOOM): its shapes
  // replace the 1:110m ones in the same layers (and canvases, so the order of land, admin-1 lines, borders and
  // coasts holds). data-basemap-scale on the map: 110m, then 50m.
  refineBasemap({ now = false } = {}) {
    if (now && !this.layers) this.fineWanted = true;  // asked for before the 1:110m one is up: right after it
    if (this.fineBasemap || !this.layers || (!now && this.map.getZoom() < FINE_ZOOM)) return;
    this.fineBasemap = api(BASEMAP_FINE).then((topo) => {
      for (const [name, geo] of Object.entries(basemapShapes(topo))) {
        const l = this.layers[name], fresh = fastProjection(L.geoJSON(geo, l.options));  // projected fast from the start
        l.clearLayers();
        fresh.eachLayer((x) => l.addLayer(x));
      }
      this.el.dataset.basemapScale = "50m";
    }).catch((err) => { this.fineBasemap = null; console.warn("1:50m basemap", err); });
  }

  // The admin-1 lines: fetched once, the first time the map is zoomed in to ADMIN1_ZOOM, then shown at
  // that zoom and closer and taken off farther out. data-admin1 on the map: loading, shown, hidden, error.
  showAdmin1() {
    const want = this.map.getZoom() >= ADMIN1_ZOOM;
    if (this.admin1) {
      if (want === this.map.hasLayer(this.admin1)) return;
      if (want) this.admin1.addTo(this.map); else this.map.removeLayer(this.admin1);
      this.el.dataset.admin1 = want ? "shown" : "hidden";
      return;
    }
    if (!want || this.admin1Fetch) return;  // a failed fetch is not tried again
    this.el.dataset.admin1 = "loading";
    this.admin1Fetch = api(ADMIN1).then((topo) => {
      const weight = 0.5;
      this.admin1 = fastProjection(L.geoJSON(planar(topojson.feature(topo, topo.objects.admin1)), {
        renderer: this.admin1Slot, pane: "basemap", interactive: false, className: "ne-admin1",
        color: "#a89f8f", weight, opacity: 0.9, fill: false, dashArray: "3 2",
        attribution: "Natural Earth admin-1",
      }));
      canvasOf(this.admin1Slot).dataset.weight = String(weight);
      this.el.dataset.admin1 = "hidden";
      this.showAdmin1();
    }).catch(() => { this.el.dataset.admin1 = "error"; });
  }

  // New filters: fit the map to what they match (refit), then load the view. The fit reads the zoom-1
  // grid of the whole filtered set; when the fitted view is at zoom 1 too, that grid is the view's, and
  // it is drawn as it is instead of being asked for again.
  async update(filters, { refit = true } = {}) {
    this.filters = filters;
    this.drawFilterBox();
    if (refit) {
      if (this.abort) this.abort.abort();  // a view of the old filters is no longer wanted
      const abort = this.abort = new AbortController();
      let world = null, fitted = null, z = null;
      try {
        world = await api(this.url, { ...filters, zoom: 1 }, { signal: abort.signal });
        const pts = ((world && world.features) || []).map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]);
        const fit = pts.length ? this.map._getBoundsCenterZoom(L.latLngBounds(pts).pad(0.3), { maxZoom: 7 })
          : { center: L.latLng(20, 10), zoom: 2 };
        fit.zoom = this.map._limitZoom(fit.zoom);
        z = Math.floor(fit.zoom);
        // The fitted view's grid is asked for before the map is redrawn there (the redraw takes as long as the
        // request): below GRID_ZOOM its box is whole fine cells, so a slightly different view asks the same.
        if (z > 1 && z < GRID_ZOOM) {
          const box = this.viewBox(this.boundsAt(fit.center, fit.zoom), fit.zoom);
          fitted = box ? api(this.url, { ...filters, bbox: box.join(","), zoom: z }, { signal: abort.signal })
            : Promise.resolve({ features: [] });
          fitted.catch(() => {});  // awaited below
        }
        if (Math.floor(this.map.getZoom()) !== z) {  // the old markers are not clustered again at the new zoom
          this.clusters.clearLayers();
          this.aggregates.clearLayers();
        }
        this.map.setView(fit.center, fit.zoom, { animate: false });
      } catch (err) {
        if (abort.signal.aborted) return;  // newer filters took over
        world = null;  // the view load below reports the error
      }
      if (abort.signal.aborted) return;
      if (fitted && Math.floor(this.map.getZoom()) === z) {
        this.reload.cancel();  // the fit's moveend: this is that view
        this.el.dataset.loading = "1";
        await this.show(fitted, abort);
        return;
      }
      if (world && world.aggregate && Math.floor(this.map.getZoom()) === 1) {
        this.reload.cancel();  // the fit's moveend: this is that view
        const box = this.viewBox();
        this.features = box ? (world.features || []).filter((f) => inBox(f.geometry.coordinates, box)) : [];
        this.sample = world.sample || null;
        this.draw();
        return;
      }
    }
    await this.load();
  }

  // The bounds the map would show centred on ``center`` at ``zoom`` (what getBounds gives once it is there).
  boundsAt(center, zoom) {
    const half = this.map.getSize().divideBy(2), c = this.map.project(center, zoom);
    return L.latLngBounds(this.map.unproject(c.subtract(half), zoom), this.map.unproject(c.add(half), zoom));
  }

  viewBox(b = this.map.getBounds(), zoom = this.map.getZoom()) {
    let w = b.getWest(), e = b.getEast();
    if (e - w >= 360) { w = -180; e = 180; } else {
      const shift = Math.floor((w + 180) / 360) * 360;  // a world copy: back to -180..180
      w -= shift; e -= shift;
      if (e > 180) e -= 360;  // across the antimeridian: W > E, which the API takes
    }
    let box = [w, Math.max(b.getSouth(), -90), e, Math.min(b.getNorth(), 90)];
    if (Math.floor(zoom) < GRID_ZOOM && box[0] <= box[2]) {
      box = [snap(box[0], 180, 180, false), snap(box[1], 90, 90, false), snap(box[2], 180, 180, true), snap(box[3], 90, 90, true)];
    } else box = box.map(round);
    const f = this.filters.bbox && this.filters.bbox.split(",").map(Number);
    if (f && f.length === 4 && box[0] <= box[2]) {
      box = [Math.max(box[0], f[0]), Math.max(box[1], f[1]), Math.min(box[2], f[2]), Math.min(box[3], f[3])];
      if (box[0] > box[2] || box[1] > box[3]) return null;
    }
    return box;
  }

  async load() {
    this.reload.cancel();  // a moveend waiting to load this same view (after fitBounds or setView)
    if (this.abort) this.abort.abort();
    const abort = this.abort = new AbortController();
    this.el.dataset.loading = "1";
    const box = this.viewBox();
    const zoom = Math.floor(this.map.getZoom());
    await this.show(box ? api(this.url, { ...this.filters, bbox: box.join(","), zoom }, { signal: abort.signal })
      : Promise.resolve({ features: [] }), abort);
  }

  // Draw the view a request answers, unless newer filters or a newer view took over meanwhile.
  async show(request, abort) {
    let fc;
    try {
      fc = await request;
    } catch (err) {
      if (abort.signal.aborted) return;
      throw err;
    }
    if (abort.signal.aborted) return;
    this.features = (fc && fc.features) || [];
    this.sample = (fc && fc.sample) || null;
    this.draw();
  }

  draw() {
    this.clusters.clearLayers();
    this.aggregates.clearLayers();
    const markers = [], cells = [];
    let total = 0;
    for (const f of this.features) {
      const [lon, lat] = f.geometry.coordinates;
      const p = f.properties;
      if (p.aggregate) {
        total += p.count;
        const size = aggSize(p.count);
        const m = L.marker([lat, lon], {
          keyboard: true, title: `${p.count} event${p.count > 1 ? "s" : ""} here: press Enter to zoom in`, count: p.count,
          icon: L.divIcon({ className: "ew-agg", html: `<span>${p.count}</span>`, iconSize: L.point(size, size) }),
        });
        const [w, s, e, n] = p.cell;
        m.on("click", () => {
          const cell = L.latLngBounds([[s, w], [n, e]]);
          const z = Math.max(this.map.getBoundsZoom(cell), Math.floor(this.map.getZoom()) + 2);
          this.map.setView([lat, lon], Math.min(z, this.map.getMaxZoom()));
        });
        cells.push(m);
      } else {
        total += 1;
        const sel = this.isSelected(p);
        const m = L.marker([lat, lon], {
          keyboard: true, title: `${fmtDate(p.date)} ${p.type} (${p.modality}) at ${p.place}`,
          icon: L.divIcon({ className: `ew-dot ${p.modality}${sel ? " selected" : ""}`, iconSize: L.point(14, 14) }),
        });
        m.feature = f;
        m.on("click", () => this.onEvent(p.article_id, p.event_id));
        markers.push(m);
      }
    }
    this.clusters.addLayers(markers);
    this.aggregates.addLayers(cells);
    for (const m of markers) this.label(m, m.options.title);
    for (const m of cells) this.label(m, `${m.options.count} events`);
    this.el.dataset.features = String(this.features.length);
    this.el.dataset.loading = "0";
    this.el.dataset.mode = this.features.some((f) => f.properties.aggregate) ? "aggregate" : "events";
    this.el.dataset.sample = this.sample ? String(this.sample) : "";
    if (this.noteEl) {
      this.noteEl.textContent = this.el.dataset.mode === "aggregate"
        ? (this.sample
          ? `${total} located events in view of the first ${this.sample} matching (more match), counted per grid cell; narrow the filters to count them all`
          : `${total} located events in view, counted per grid cell; zoom in for single events`)
        : `${total} located event${total === 1 ? "" : "s"} in view`;
    }
    this.renderList();
  }

  label(marker, text) {  // an accessible name (and its place) on a marker's element once it is on the map
    const set = (el) => {
      if (!el) return;
      const { lat, lng } = marker.getLatLng();
      el.setAttribute("aria-label", text);
      Object.assign(el.dataset, { lat: lat.toFixed(4), lon: lng.toFixed(4) });
    };
    const el = marker.getElement && marker.getElement();
    if (el) set(el); else marker.once("add", () => set(marker.getElement()));
  }

  isSelected(p) {
    return !!this.selected && this.selected.article === p.article_id && this.selected.event === p.event_id;
  }

  // The selected event: its place's precision as a circle of its radius.
  select(sel, place) {
    this.selected = sel;
    if (this.circle) { this.extra.removeLayer(this.circle); this.circle = null; }
    if (sel && place && place.lat !== null && place.lat !== undefined) {
      const km = radiusKm(place);
      this.circle = L.circle([place.lat, place.lon], {
        radius: km * 1000, className: "ew-precision", interactive: false, color: "#b45309", weight: 2, fillOpacity: 0.12,
      }).addTo(this.extra);
      this.el.dataset.precisionKm = String(Math.round(km * 10) / 10);
    } else {
      delete this.el.dataset.precisionKm;
    }
    for (const el of this.el.querySelectorAll(".ew-dot.selected")) el.classList.remove("selected");
    this.clusters.eachLayer((m) => {
      if (m.feature && this.isSelected(m.feature.properties) && m.getElement()) m.getElement().classList.add("selected");
    });
  }

  focusOn(place) {
    if (place && place.lat !== null && place.lat !== undefined) {
      const here = L.latLng(place.lat, place.lon);
      if (!this.map.getBounds().contains(here)) this.map.setView(here, Math.max(this.map.getZoom(), 5));
    }
  }

  drawFilterBox() {
    if (this.boxLayer) { this.extra.removeLayer(this.boxLayer); this.boxLayer = null; }
    const f = this.filters.bbox && this.filters.bbox.split(",").map(Number);
    if (f && f.length === 4) {
      this.boxLayer = L.rectangle([[f[1], f[0]], [f[3], f[2]]], {
        className: "ew-filter-box", interactive: false, color: "#0f766e", weight: 2, dashArray: "6 4", fill: false,
      }).addTo(this.extra);
    }
  }

  // Draw a box (after the 'Draw area' button, or with Shift held) to filter the events by area.
  initBox() {
    let start = null, rect = null;
    const end = (e) => {
      if (!start) return;
      const a = start, b = e ? e.latlng : start;
      start = null;
      if (rect) { this.map.removeLayer(rect); rect = null; }
      this.map.dragging.enable();
      this.setBoxMode(false);
      const box = [Math.min(a.lng, b.lng), Math.min(a.lat, b.lat), Math.max(a.lng, b.lng), Math.max(a.lat, b.lat)];
      if (box[2] - box[0] < 1e-6 || box[3] - box[1] < 1e-6) return;
      box[0] = Math.max(box[0], -180); box[2] = Math.min(box[2], 180);
      box[1] = Math.max(box[1], -90); box[3] = Math.min(box[3], 90);
      this.onBox(box.map(round));
    };
    this.map.on("mousedown", (e) => {
      if (!this.boxMode && !e.originalEvent.shiftKey) return;
      this.map.dragging.disable();
      start = e.latlng;
      rect = L.rectangle([start, start], { className: "ew-drawing", interactive: false, color: "#0f766e", weight: 2 }).addTo(this.map);
    });
    this.map.on("mousemove", (e) => { if (start && rect) rect.setBounds([start, e.latlng]); });
    this.map.on("mouseup", end);
  }

  setBoxMode(on) {
    this.boxMode = on;
    this.el.classList.toggle("drawing", on);
    if (on) this.map.dragging.disable(); else this.map.dragging.enable();
    const btn = document.getElementById("map-draw");
    if (btn) btn.setAttribute("aria-pressed", String(on));
  }

  useView() {
    const b = this.map.getBounds();
    this.onBox([Math.max(b.getWest(), -180), Math.max(b.getSouth(), -90), Math.min(b.getEast(), 180),
      Math.min(b.getNorth(), 90)].map(round));
  }

  // The list alternative to the map: the same features as a list of places and cells.
  renderList() {
    if (!this.listEl) return;
    const items = [];
    const places = new Map();
    for (const f of this.features) {
      const p = f.properties;
      if (p.aggregate) {
        const [w, s, e, n] = p.cell;
        items.push(h("li", {}, h("button", { type: "button", class: "linkish",
          onclick: () => this.onBox([w, s, e, n].map(round)) },
        `${p.count} event${p.count > 1 ? "s" : ""} in ${fmtCell(p.cell)}`), " (filter to this area)"));
      } else {
        if (!places.has(p.place)) places.set(p.place, []);
        places.get(p.place).push(p);
      }
    }
    for (const [place, evs] of [...places.entries()].sort((a, b) => b[1].length - a[1].length)) {
      items.push(h("li", {}, h("strong", {}, place), ` (${evs.length})`, h("ul", {}, evs.slice(0, 50).map((p) => h("li", {},
        h("a", { href: `#event=${encodeURIComponent(p.article_id)}/${encodeURIComponent(p.event_id)}`,
          onclick: (e) => { e.preventDefault(); this.onEvent(p.article_id, p.event_id); } },
        `${eventDate({ date: { value: p.date } })} ${p.type} (${p.modality})`), " ", truncate(p.title || "", 60))))));
    }
    this.listEl.replaceChildren(items.length ? h("ul", { class: "place-list" }, items)
      : h("p", { class: "empty" }, "No located events in this view."));
  }
}

// Land, borders between countries and coastlines of a Natural Earth TopoJSON, as planar GeoJSON.
function basemapShapes(topo) {
  return {
    land: planar(topojson.feature(topo, topo.objects.land)),
    border: planar(topojson.mesh(topo, topo.objects.countries, (a, b) => a !== b)),
    coast: planar(topojson.mesh(topo, topo.objects.land)),
  };
}

const canvasOf = (renderer) => renderer._container;  // a Leaflet renderer's <canvas> once on the map

// Each zoom change makes Leaflet project every point of a line or polygon again (latLngToLayerPoint: the
// Mercator formulas and a LatLng and two Points per point); for the basemap's ~10^5 points that was most
// of a refit's redraw. Its lines instead keep their points' zoom-0 pixel coordinates (computed once, the
// same formulas) and scale them to the zoom: the same rounded layer points, 3-5 times sooner.
// Only the rings near the view are projected (the view and one view's size around it, more than the
// renderer's padding draws); a later move past that region projects again.
function fastProjection(group) {
  group.eachLayer((layer) => {
    if (layer instanceof L.Polyline) Object.assign(layer, { _projectLatlngs: projectScaled, _project: projectNear, _update: updateNear });
    else if (layer.eachLayer) fastProjection(layer);  // a GeometryCollection's group
  });
  return group;
}

function projectNear() {
  const map = this._map, size = map.getSize(), tl = map.containerPointToLayerPoint([0, 0]);
  this._near = L.bounds(tl.subtract(size), tl.add(size.multiplyBy(2)));
  L.Polyline.prototype._project.call(this);
}

function updateNear() {
  if (!this._map) return;
  const b = this._renderer._bounds;
  if (b && !(this._near && this._near.contains(b))) this._project();
  L.Polyline.prototype._update.call(this);
}

function projectScaled(latlngs, result, bounds) {
  if (!latlngs.length) return;
  if (!(latlngs[0] instanceof L.LatLng)) {
    for (const part of latlngs) projectScaled.call(this, part, result, bounds);
    return;
  }
  const map = this._map, n = latlngs.length;
  let px = latlngs._px0;
  if (!px) {
    px = new Float64Array(2 * n);
    const crs = map.options.crs;
    for (let i = 0; i < n; i++) {
      const p = crs.latLngToPoint(latlngs[i], 0);
      px[2 * i] = p.x; px[2 * i + 1] = p.y;
    }
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let i = 0; i < 2 * n; i += 2) {
      if (px[i] < x0) x0 = px[i]; if (px[i] > x1) x1 = px[i];
      if (px[i + 1] < y0) y0 = px[i + 1]; if (px[i + 1] > y1) y1 = px[i + 1];
    }
    // not enumerable: Leaflet copies nothing of them
    Object.defineProperty(latlngs, "_px0", { value: px });
    Object.defineProperty(latlngs, "_box0", { value: [x0, y0, x1, y1] });
  }
  const k = map.options.crs.scale(map.getZoom()) / map.options.crs.scale(0), o = map.getPixelOrigin();
  const near = this._near, box = latlngs._box0;
  if (near && (box[2] * k - o.x < near.min.x || box[0] * k - o.x > near.max.x ||
      box[3] * k - o.y < near.min.y || box[1] * k - o.y > near.max.y)) return;  // far from the view
  const ring = new Array(n);
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = Math.round(px[2 * i] * k) - o.x, y = Math.round(px[2 * i + 1] * k) - o.y;
    ring[i] = new L.Point(x, y);
    if (x < x0) x0 = x; if (x > x1) x1 = x;
    if (y < y0) y0 = y; if (y > y1) y1 = y;
  }
  if (n) { bounds.extend(L.point(x0, y0)); bounds.extend(L.point(x1, y1)); }
  result.push(ring);
}

// Leaflet draws in the plane: a line that crosses the antimeridian (Russia, Fiji) is continued past
// +-180 degrees instead of jumping across the world; Antarctica (no events, spherical ring) is left out.
function unwrap(line) {
  let off = 0, prev = null;
  return line.map(([x, y]) => {
    if (prev !== null) { if (x - prev > 180) off -= 360; else if (x - prev < -180) off += 360; }
    prev = x;
    return [x + off, y];
  });
}

const polar = (line) => line.every(([, y]) => y < -60);

function planar(geo) {
  const g = geo.type === "FeatureCollection" ? geo.features.map((f) => f.geometry)
    : geo.type === "Feature" ? [geo.geometry] : [geo];
  const out = [];
  for (const x of g) {
    if (x.type === "Polygon") { if (!polar(x.coordinates[0])) out.push({ type: "Polygon", coordinates: x.coordinates.map(unwrap) }); }
    else if (x.type === "MultiPolygon") {
      out.push({ type: "MultiPolygon", coordinates: x.coordinates.filter((p) => !polar(p[0])).map((p) => p.map(unwrap)) });
    } else if (x.type === "LineString") { if (!polar(x.coordinates)) out.push({ type: "LineString", coordinates: unwrap(x.coordinates) }); }
    else if (x.type === "MultiLineString") {
      out.push({ type: "MultiLineString", coordinates: x.coordinates.filter((l) => !polar(l)).map(unwrap) });
    }
  }
  return { type: "GeometryCollection", geometries: out };
}

// Whether [lon, lat] lies in the box [w, s, e, n] (w > e: across the antimeridian).
function inBox([lon, lat], [w, s, e, n]) {
  if (lat < s || lat > n) return false;
  return w <= e ? lon >= w && lon <= e : lon >= w || lon <= e;
}

// A count's marker size in pixels, capped: a big count never covers a region.
const aggSize = (n) => Math.min(64, Math.round(22 + 16 * Math.log10(n + 1)));

function fmtCell([w, s, e, n]) {
  const lat = (x) => `${Math.abs(x).toFixed(1)}°${x < 0 ? "S" : "N"}`;
  const lon = (x) => `${Math.abs(x).toFixed(1)}°${x < 0 ? "W" : "E"}`;
  return `${lat(s)}–${lat(n)}, ${lon(w)}–${lon(e)}`;
}
