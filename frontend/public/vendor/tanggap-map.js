// The intake form's map (frontend/src/components/intake/map.rs): Leaflet, served from this origin
// under /vendor/leaflet/ (`cargo xtask frontend` copies it from npm), loaded only when the form opens.
// The map sits in the element marked `data-tanggap-map`; a point picked on it is written into the
// form's latitude and longitude boxes (named by `data-lat-input` / `data-lon-input`) as if typed.
// Street tiles from OpenStreetMap, imagery from Esri; without tiles (offline) the map is grey and
// the pin still works. Without Leaflet, the element says so and the boxes do the job alone.
(function () {
  'use strict';
  var BASE = '/vendor/leaflet/';
  // Indonesia as a whole, until a pin says where.
  var START = [-2.5, 118.0];
  var START_ZOOM = 5;
  var PIN_ZOOM = 15;
  var loading = null;
  var current = null; // { el, map, marker }

  function loadLeaflet() {
    if (window.L) return Promise.resolve(window.L);
    if (loading) return loading;
    var css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = BASE + 'leaflet.css';
    document.head.appendChild(css);
    loading = new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = BASE + 'leaflet.js';
      script.onload = function () { resolve(window.L); };
      script.onerror = function () { loading = null; script.remove(); reject(new Error('Leaflet did not load')); };
      document.head.appendChild(script);
    });
    return loading;
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
    var streets = L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    });
    var imagery = L.tileLayer(
      'https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}',
      { maxZoom: 19, attribution: 'Tiles &copy; Esri' }
    );
    var map = L.map(el, { layers: [streets] });
    var layers = {};
    layers[el.dataset.streets || 'Streets'] = streets;
    layers[el.dataset.satellite || 'Satellite'] = imagery;
    L.control.layers(layers).addTo(map);
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

  window.tanggapMap = {
    mount: mount,
    unmount: unmount,
    // The pin at (lat, lon); no arguments: no pin.
    pin: function (lat, lon) { setPin(arguments.length === 2 ? [lat, lon] : null); },
  };
  mount();
})();
