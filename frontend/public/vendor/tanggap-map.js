// The maps' glue (frontend/src/components/leaflet.rs): Leaflet, served from this origin under
// /vendor/leaflet/ (`cargo xtask frontend` copies it from npm), loaded only when a page shows a map.
// Street tiles from OpenStreetMap, imagery from Esri; without tiles (offline) a map is grey and the
// rest of it still works.
//
// The intake form's map (frontend/src/components/intake/map.rs) sits in the element marked
// `data-tanggap-map`; a point picked on it is written into the form's latitude and longitude boxes
// (named by `data-lat-input` / `data-lon-input`) as if typed. Without Leaflet, the element says so and
// the boxes do the job alone.
//
// The dashboard's map (frontend/src/routes/dashboard/map.rs) is drawn by `areas`: the regency's
// districts and villages (GeoJSON) shaded by their counts, and the range's incidents as pins, grouped
// by the clustering plugin (/vendor/leaflet.markercluster/) where it loads. Its words come from the
// element's data attributes.
(function () {
  'use strict';
  var BASE = '/vendor/leaflet/';
  // Indonesia as a whole, until a pin says where.
  var START = [-2.5, 118.0];
  var START_ZOOM = 5;
  var PIN_ZOOM = 15;
  var loading = null;
  var current = null; // { el, map, marker }

  function addStylesheet(href) {
    var css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = href;
    document.head.appendChild(css);
  }

  function addScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { script.remove(); reject(new Error(src + ' did not load')); };
      document.head.appendChild(script);
    });
  }

  function loadLeaflet() {
    if (window.L) return Promise.resolve(window.L);
    if (loading) return loading;
    addStylesheet(BASE + 'leaflet.css');
    loading = addScript(BASE + 'leaflet.js').then(
      function () { return window.L; },
      function (error) { loading = null; throw error; }
    );
    return loading;
  }

  function baseLayers(el) {
    var streets = L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    });
    var imagery = L.tileLayer(
      'https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}',
      { maxZoom: 19, attribution: 'Tiles &copy; Esri' }
    );
    var layers = {};
    layers[el.dataset.streets || 'Streets'] = streets;
    layers[el.dataset.satellite || 'Satellite'] = imagery;
    return { streets: streets, all: layers };
  }

  function boxes(el) {
    return [document.getElementById(el.dataset.latInput), document.getElementById(el.dataset.lonInput)];
  }

  function readPin(el) {
    var b = boxes(el);
    if (!b[0] || !b[1]) return null;
    var lat = parseFloat(b[0].value.replace(',', '.'));
    var lon = parseFloat(b[1].value.replace(',', '.'));
    return isFinite(lat) && isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? [lat, lon] : null;
  }

  // Writes the point into the boxes and tells the form, which then moves the pin (see `pin`).
  function pick(el, latlng) {
    var b = boxes(el);
    var values = [latlng.lat.toFixed(6), latlng.lng.toFixed(6)];
    for (var i = 0; i < 2; i++) {
      if (!b[i]) continue;
      b[i].value = values[i];
      b[i].dispatchEvent(new Event('input', { bubbles: true }));
    }
  }

  function draw(el, L) {
    if (current && current.el === el) return;
    unmount();
    // Not left to Leaflet's guess from its stylesheet, which may still be on its way.
    L.Icon.Default.imagePath = BASE + 'images/';
    var base = baseLayers(el);
    var map = L.map(el, { layers: [base.streets] });
    L.control.layers(base.all).addTo(map);
    current = { el: el, map: map, marker: null };
    var at = readPin(el);
    map.setView(at || START, at ? PIN_ZOOM : START_ZOOM);
    setPin(at);
    map.on('click', function (e) { pick(el, e.latlng); });
    // Keyboard: the arrows pan and +/- zoom (Leaflet's own); Enter pins the centre.
    el.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && e.target === el && !e.altKey && !e.ctrlKey) {
        e.preventDefault();
        pick(el, map.getCenter());
      }
    });
  }

  function setPin(at) {
    if (!current) return;
    var L = window.L;
    if (!at) {
      if (current.marker) current.marker.remove();
      current.marker = null;
      return;
    }
    if (current.marker) {
      current.marker.setLatLng(at);
    } else {
      current.marker = L.marker(at, { keyboard: false }).addTo(current.map);
    }
    if (!current.map.getBounds().contains(at)) current.map.setView(at, Math.max(current.map.getZoom(), PIN_ZOOM));
  }

  function mount() {
    var el = document.querySelector('[data-tanggap-map]');
    if (!el) return;
    loadLeaflet().then(
      function (L) { if (el.isConnected) draw(el, L); },
      function () {
        el.classList.add('unavailable');
        el.textContent = el.dataset.unavailable || 'Map unavailable';
      }
    );
  }

  function unmount() {
    if (current) current.map.remove();
    current = null;
  }

  // ---- the dashboard's map -------------------------------------------------------------------

  var CLUSTER = '/vendor/leaflet.markercluster/';
  var clusterLoading = null;
  var areaMap = null;
  // Five shades from few to most incidents (ColorBrewer's Reds); an area with none is left pale.
  var SHADES = ['#fee5d9', '#fcae91', '#fb6a4a', '#de2d26', '#a50f15'];

  // The clustering plugin; without it the pins are drawn one by one.
  function loadCluster() {
    if (window.L.markerClusterGroup) return Promise.resolve();
    if (clusterLoading) return clusterLoading;
    addStylesheet(CLUSTER + 'MarkerCluster.css');
    addStylesheet(CLUSTER + 'MarkerCluster.Default.css');
    clusterLoading = addScript(CLUSTER + 'leaflet.markercluster.js').catch(function () { clusterLoading = null; });
    return clusterLoading;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function parse(text, fallback) {
    try { return JSON.parse(text) || fallback; } catch (e) { return fallback; }
  }

  // One level's areas, shaded by their share of the busiest one's count.
  function areaLayer(features, counts) {
    var max = 0;
    features.forEach(function (f) { max = Math.max(max, counts[f.properties.code] || 0); });
    return L.geoJSON({ type: 'FeatureCollection', features: features }, {
      style: function (f) {
        var count = counts[f.properties.code] || 0;
        var shade = count ? SHADES[Math.min(SHADES.length - 1, Math.floor((count / max) * SHADES.length))] : null;
        return {
          className: 'area area-' + f.properties.level,
          color: '#555', weight: 1,
          fillColor: shade || '#ffffff', fillOpacity: shade ? 0.65 : 0.15,
        };
      },
      onEachFeature: function (f, layer) {
        var count = counts[f.properties.code] || 0;
        layer.bindTooltip(escapeHtml(f.properties.name) + ': ' + count, { sticky: true });
        layer.on('add', function () {
          var path = layer.getElement && layer.getElement();
          if (!path) return;
          path.setAttribute('data-code', f.properties.code);
          path.setAttribute('data-count', String(count));
        });
      },
    });
  }

  function pinLayer(el, pins) {
    var group = L.markerClusterGroup ? L.markerClusterGroup({ showCoverageOnHover: false }) : L.layerGroup();
    var lang = document.documentElement.lang || undefined;
    pins.forEach(function (pin) {
      var marker = L.marker([pin.at.lat, pin.at.lon], { title: pin.priority + ' ' + pin.category_name });
      var when = new Date(pin.received_at).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
      var html = '<strong>' + escapeHtml(pin.priority + ' · ' + pin.category_name) + '</strong><br>' + escapeHtml(when);
      if (pin.may_open) {
        html += '<br><a href="/kejadian/' + encodeURIComponent(pin.incident) + '">' + escapeHtml(el.dataset.open || 'Open') + '</a>';
      }
      marker.bindPopup(html);
      group.addLayer(marker);
    });
    return group;
  }

  // What the map leaves out, in a corner of it: too many incidents to pin, incidents without a position.
  function note(pins) {
    var lines = [];
    if (pins.truncated) lines.push(['map-too-many', areaMap.el.dataset.tooMany || 'Too many incidents to pin']);
    if (pins.unplaced) lines.push(['map-unplaced', pins.unplaced + ' ' + (areaMap.el.dataset.unplaced || 'without a position')]);
    if (!lines.length) return;
    var control = L.control({ position: 'bottomleft' });
    control.onAdd = function () {
      var div = L.DomUtil.create('div', 'area-map-note');
      lines.forEach(function (line) {
        var p = L.DomUtil.create('p', '', div);
        p.setAttribute('data-testid', line[0]);
        p.textContent = line[1];
      });
      return div;
    };
    control.addTo(areaMap.map);
  }

  function drawAreas(el, areas, counts, pins, drawnAs) {
    unmountAreas();
    L.Icon.Default.imagePath = BASE + 'images/';
    var base = baseLayers(el);
    var map = L.map(el, { layers: [base.streets] });
    areaMap = { el: el, map: map };
    var features = (areas.features || []);
    var districts = areaLayer(features.filter(function (f) { return f.properties.level === 'district'; }), counts);
    var villages = areaLayer(features.filter(function (f) { return f.properties.level === 'village'; }), counts);
    var incidents = pinLayer(el, pins.pins || []);
    districts.addTo(map);
    incidents.addTo(map);
    var overlays = {};
    overlays[el.dataset.districts || 'Districts'] = districts;
    overlays[el.dataset.villages || 'Villages'] = villages;
    overlays[el.dataset.incidents || 'Incidents'] = incidents;
    L.control.layers(base.all, overlays).addTo(map);
    note(pins);
    var bounds = districts.getBounds();
    if (!bounds.isValid()) bounds = villages.getBounds();
    if (!bounds.isValid() && incidents.getBounds) bounds = incidents.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [8, 8] });
    else map.setView(START, START_ZOOM);
    // What was drawn (the range), for whoever waits for this map and not an older one in its place.
    el.setAttribute('data-drawn', drawnAs || 'true');
  }

  // Draws the dashboard's map in `el`: `areas` the API's GeoJSON, `counts` incidents by kode wilayah,
  // `pins` the API's pins (or null), all as the text they came as. `id` names the page's map that asks:
  // only the newest ask of an element draws, so that a map replaced while Leaflet was still loading
  // does not draw its older range over its successor's element. `drawnAs` (the range) marks the
  // element once drawn.
  function areas(el, areasText, countsText, pinsText, id, drawnAs) {
    var data = [parse(areasText, {}), parse(countsText, {}), parse(pinsText, {})];
    el.setAttribute('data-map', id);
    loadLeaflet().then(loadCluster).then(
      function () { if (el.isConnected && el.getAttribute('data-map') === id) drawAreas(el, data[0], data[1], data[2], drawnAs); },
      function () {
        el.classList.add('unavailable');
        el.textContent = el.dataset.unavailable || 'Map unavailable';
      }
    );
  }

  // Removes the dashboard's map: the one map `id` asked for in `el` (drawn, or still to be drawn), or
  // with no `el` whichever is drawn. A page that replaces its map cleans up the old one after the new
  // may have asked for the same element, so only its own goes.
  function unmountAreas(el, id) {
    if (el) {
      if (el.getAttribute('data-map') !== id) return;
      el.removeAttribute('data-map');
    }
    if (!areaMap || (el && areaMap.el !== el)) return;
    areaMap.map.remove();
    areaMap.el.removeAttribute('data-drawn');
    areaMap = null;
  }

  window.tanggapMap = {
    mount: mount,
    unmount: unmount,
    // The pin at (lat, lon); no arguments: no pin.
    pin: function (lat, lon) { setPin(arguments.length === 2 ? [lat, lon] : null); },
    areas: areas,
    unmountAreas: unmountAreas,
  };
  mount();
})();
