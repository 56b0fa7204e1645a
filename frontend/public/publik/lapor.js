// The public report page's kindnesses; the form works without them. What was typed is kept on the
// phone until the report is taken; a submit that fails for the network is sent again, with the same
// key (so it stays one report), until it goes through; only the chosen district's villages are offered;
// the phone's position can be added; a large photo is made smaller before it is sent.
(function () {
  "use strict";
  var form = document.getElementById("report");
  if (!form) return;
  var DRAFT = "tanggap-report-draft";
  var KEPT = ["key", "category", "description", "district", "village", "landmark", "lat", "lon", "caller_phone", "caller_name"];
  var status = document.getElementById("submit-status");

  function field(name) { return form.elements.namedItem(name); }

  // A page shown again by the server (with errors) already holds what was typed: keep it.
  var shownAgain = form.querySelector(".error") !== null;
  try {
    var draft = JSON.parse(localStorage.getItem(DRAFT) || "null");
    if (draft && !shownAgain) {
      KEPT.forEach(function (name) { if (draft[name] && field(name)) field(name).value = draft[name]; });
      document.getElementById("draft-restored").hidden = false;
    }
  } catch (e) { /* no storage: nothing kept */ }

  function keep() {
    var draft = {};
    KEPT.forEach(function (name) { if (field(name)) draft[name] = field(name).value; });
    try { localStorage.setItem(DRAFT, JSON.stringify(draft)); } catch (e) { /* full or off */ }
  }
  form.addEventListener("input", keep);
  form.addEventListener("change", keep);

  var district = document.getElementById("district");
  var village = document.getElementById("village");
  function villagesOf() {
    var chosen = district.value;
    Array.prototype.forEach.call(village.querySelectorAll("optgroup"), function (group) {
      var mine = !chosen || group.getAttribute("data-district") === chosen;
      group.hidden = !mine;
      group.disabled = !mine;
    });
    var selected = village.selectedOptions[0];
    if (selected && selected.parentNode.disabled) village.value = "";
  }
  district.addEventListener("change", villagesOf);
  villagesOf();

  var locate = document.getElementById("use-position");
  var where = document.getElementById("position-status");
  if (navigator.geolocation) {
    locate.hidden = false;
    if (field("lat").value) where.textContent = form.getAttribute("data-position-taken");
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        field("lat").value = position.coords.latitude.toFixed(6);
        field("lon").value = position.coords.longitude.toFixed(6);
        where.textContent = form.getAttribute("data-position-taken");
        keep();
      }, function () {
        where.textContent = form.getAttribute("data-position-failed");
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }

  // A phone's photo is often 3-5 MB: 1600 px as JPEG is plenty to see a fallen tree, and a tenth of it.
  function smaller(file) {
    if (!file || file.size < 700 * 1024 || !window.createImageBitmap || !HTMLCanvasElement.prototype.toBlob) {
      return Promise.resolve(file);
    }
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) { resolve(blob && blob.size < file.size ? blob : file); }, "image/jpeg", 0.82);
      });
    }).catch(function () { return file; });
  }

  var sending = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (sending) return;
    sending = true;
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    status.textContent = form.getAttribute("data-sending");
    var photo = field("photo").files[0];
    smaller(photo).then(function (file) {
      var body = new FormData(form);
      if (file && file !== photo) body.set("photo", file, "photo.jpg");
      send(body, 0);
    });

    function send(body, attempt) {
      fetch(form.action, { method: "POST", body: body, credentials: "same-origin" }).then(function (response) {
        if (response.ok && response.url.indexOf("/t/") !== -1) {
          try { localStorage.removeItem(DRAFT); } catch (e) { /* nothing kept */ }
          location.replace(response.url);
        } else if (response.status >= 500 || response.status === 429) {
          var wait = Number(response.headers.get("Retry-After")) || 0;
          again(body, attempt, wait);
        } else {
          // The server's own page: the form again with what to fix, or why it was refused.
          return response.text().then(function (html) {
            document.open();
            document.write(html);
            document.close();
          });
        }
      }, function () { again(body, attempt, 0); });
    }

    function again(body, attempt, wait) {
      status.textContent = form.getAttribute("data-retrying");
      var seconds = Math.max(wait, Math.min(30, 2 * Math.pow(2, attempt)));
      setTimeout(function () { send(body, attempt + 1); }, seconds * 1000);
    }
  });
})();
