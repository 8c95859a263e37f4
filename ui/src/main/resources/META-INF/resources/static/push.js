// Push from the browser, the same steps as `paas push`, against /v1 with the session cookie
// and the page's CSRF token: create or update the app (an existing app keeps its memory and
// instances unless the form changes them), map its routes (the manifest's, else NAME.<domain>
// as the CLI does), register the bits by sha256 (an unchanged push uploads nothing), upload
// with progress, stage (output streamed), start, then go to the app page. A push that created
// the app and then fails removes what it made (routes, app and with it the package).
(function () {
  "use strict";
  var form = document.getElementById("push-form");
  if (!form) { return; }
  var csrf = document.body.dataset.csrf;
  var fileInput = document.getElementById("bits");
  var drop = document.getElementById("drop");
  var file = null;

  function choose(f) {
    if (!f) { return; }
    file = f;
    drop.classList.add("chosen");
    document.getElementById("drop-name").textContent = f.name + " (" + Math.ceil(f.size / 1024) + " KiB)";
    var name = document.getElementById("name");
    if (!name.value) {
      name.value = f.name.replace(/\.(jar|zip|tar\.gz|tgz)$/i, "").toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 63);
    }
  }
  drop.addEventListener("click", function () { fileInput.click(); });
  drop.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); fileInput.click(); } });
  fileInput.addEventListener("change", function () { choose(fileInput.files[0]); });
  function over(e) { e.preventDefault(); drop.classList.add("over"); }
  drop.addEventListener("dragenter", over);
  drop.addEventListener("dragover", over);
  drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
  drop.addEventListener("drop", function (e) {
    e.preventDefault();
    drop.classList.remove("over");
    choose(e.dataTransfer && e.dataTransfer.files[0]);
  });

  // manifest.yml: read on the server (the YAML the CLI reads), which answers its application's
  // fields, or a message saying what is wrong. With several applications, the one named in Name.
  var manifest = document.getElementById("manifest");
  manifest.addEventListener("click", function () { manifest.value = ""; }); // the same file again is read again
  manifest.addEventListener("change", function () {
    var f = manifest.files[0];
    if (!f) { return; }
    var chosen = document.getElementById("name").value.trim();
    f.text().then(function (yml) {
      return api("POST", "/push/manifest" + (chosen ? "?app=" + encodeURIComponent(chosen) : ""), yml, "application/yaml");
    }).then(function (res) {
      if (!res.ok) { window.paasFlash(message(res), true); return; }
      var app = res.data;
      document.getElementById("name").value = app.name;
      if (app.memory) { document.getElementById("memory").value = app.memory; touched.memory = true; }
      if (app.instances !== undefined) { document.getElementById("instances").value = app.instances; touched.instances = true; }
      fromManifest = { name: app.name, routes: app.routes || null, noRoute: !!app.noRoute };
      lookup();
      if (app.buildpack) { document.getElementById("buildpack").value = app.buildpack; }
      window.paasFlash("Read manifest.yml for " + app.name + "." + (app.ignored.length
        ? " Not used here (paas push applies them): " + app.ignored.join(", ") + "." : ""));
    });
  });

  // An app of this name may exist already: pushing replaces its code and keeps its memory and
  // instances, unless the user changes a field (then the page says what will change).
  var nameInput = document.getElementById("name");
  var spaceInput = document.getElementById("space");
  var memoryInput = document.getElementById("memory");
  var instancesInput = document.getElementById("instances");
  var existingNote = document.getElementById("existing");
  var existing = null;       // the app named in the form, as GET /v1/... answered; null: a new app
  var touched = { memory: false, instances: false };  // fields the user (or a manifest) set
  var fromManifest = null;   // {name, routes, noRoute} of the manifest chosen, for the app of that name
  var looked = 0;
  function appBase() {
    return "/v1/spaces/" + encodeURIComponent(spaceInput.value) + "/apps/" + encodeURIComponent(nameInput.value.trim());
  }
  function lookup() {
    var name = nameInput.value.trim();
    var mine = ++looked;
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name)) { existing = null; describe(); return Promise.resolve(); }
    return api("GET", appBase()).then(function (res) {
      if (mine !== looked) { return; }
      existing = res.ok ? res.data : null;
      if (!touched.memory) { memoryInput.value = existing ? existing.memory : memoryInput.defaultValue; }
      if (!touched.instances) { instancesInput.value = existing ? existing.instances : instancesInput.defaultValue; }
      describe();
    });
  }
  function changes() {
    if (!existing) { return {}; }
    var out = {};
    if (memoryInput.value.trim().toUpperCase() !== existing.memory.toUpperCase()) { out.memory = memoryInput.value.trim(); }
    if (Number(instancesInput.value) !== existing.instances) { out.instances = Number(instancesInput.value); }
    return out;
  }
  function describe() {
    if (!existing) { existingNote.hidden = true; existingNote.textContent = ""; return; }
    var c = changes(), parts = [];
    if (c.memory !== undefined) { parts.push("memory " + existing.memory + " → " + c.memory); }
    if (c.instances !== undefined) { parts.push("instances " + existing.instances + " → " + c.instances); }
    existingNote.textContent = existing.name + " already exists in " + existing.space + " (" + existing.instances + " × "
      + existing.memory + ", " + existing.state.toLowerCase() + "). Pushing replaces its code; "
      + (parts.length ? "this will change " + parts.join(" and ") + "." : "its memory and instances stay as they are.");
    existingNote.hidden = false;
  }
  memoryInput.addEventListener("input", function () { touched.memory = true; describe(); });
  instancesInput.addEventListener("input", function () { touched.instances = true; describe(); });
  var typing;
  nameInput.addEventListener("input", function () { clearTimeout(typing); typing = setTimeout(lookup, 250); });
  spaceInput.addEventListener("change", lookup);
  if (nameInput.value.trim()) { lookup(); }

  // The routes a push maps, as paas push chooses them: the manifest's routes, none with no-route,
  // else the default NAME.<domain>.
  function routesFor(name) {
    if (fromManifest && fromManifest.name === name) {
      if (fromManifest.noRoute) { return []; }
      if (fromManifest.routes && fromManifest.routes.length) { return fromManifest.routes; }
    }
    return [name + "." + form.dataset.domain];
  }
  function allRoutes(space, page, acc) {
    return api("GET", "/v1/spaces/" + encodeURIComponent(space) + "/routes?perPage=200&page=" + page).then(function (res) {
      if (!res.ok) { return res; }
      acc = acc.concat(res.data.items);
      return res.data.items.length === 200 ? allRoutes(space, page + 1, acc) : { ok: true, data: acc };
    });
  }
  // Maps each route to the app, creating it in the space when it does not exist (as paas map-route).
  function mapRoutes(space, name, wanted, created) {
    var routes = "/v1/spaces/" + encodeURIComponent(space) + "/routes";
    return allRoutes(space, 1, []).then(function (res) {
      if (!res.ok) { return res; }
      var mapped = [];
      return wanted.reduce(function (chain, address) {
        return chain.then(function (prev) {
          if (prev && !prev.ok) { return prev; }
          var slash = address.indexOf("/"), host = slash < 0 ? address : address.slice(0, slash), path = slash < 0 ? "" : address.slice(slash);
          var found = res.data.filter(function (r) { return r.host === host && (r.path || "") === path; })[0];
          var call = !found ? api("POST", routes, { host: host, path: path || null, app: name })
            : found.app === name ? Promise.resolve({ ok: true, data: found })
            : api("PUT", routes + "/" + found.id + "/app", { app: name });
          return call.then(function (r) {
            if (r.ok) { mapped.push(r.data); if (!found) { created.push(r.data); } }
            return r;
          });
        });
      }, Promise.resolve(null)).then(function (last) { return last && !last.ok ? last : { ok: true, data: mapped }; });
    });
  }

  var steps = document.getElementById("steps");
  function step(label) {
    var prev = steps.querySelector("li.active");
    if (prev) { prev.className = "done"; }
    var li = document.createElement("li");
    li.className = "active"; li.textContent = label;
    steps.appendChild(li);
    return li;
  }
  function fail(message) {
    var cur = steps.querySelector("li.active");
    if (cur) { cur.className = "failed"; }
    var r = document.getElementById("push-result");
    r.className = "notice bad"; r.textContent = message;
    throw new Error(message);
  }

  // body: an object sent as JSON, or text sent as it is with the content type `type`.
  function api(method, path, body, type) {
    var headers = { "X-CSRF-Token": csrf };
    if (body !== undefined) { headers["Content-Type"] = type || "application/json"; }
    return fetch(path, {
      method: method, credentials: "same-origin", headers: headers,
      body: body === undefined ? undefined : (type ? body : JSON.stringify(body))
    }).then(function (r) {
      if (r.status === 401) { location.href = "/login?expired=1&next=/push"; }
      return r.text().then(function (t) {
        var data = null;
        try { data = t ? JSON.parse(t) : null; } catch (ignored) { data = t; }
        return { status: r.status, ok: r.ok, data: data };
      });
    });
  }
  // /v1 answers {"code", "message"}; the dashboard's own endpoints the bare message.
  function message(res) {
    if (res.data && res.data.message) { return res.data.message; }
    return typeof res.data === "string" && res.data ? res.data : "the control plane answered " + res.status;
  }

  function sha256(buf) {
    if (window.crypto && crypto.subtle) {
      return crypto.subtle.digest("SHA-256", buf).then(hex);
    }
    return Promise.resolve(hex(sha256Plain(new Uint8Array(buf))));
  }
  function hex(buf) { return Array.prototype.map.call(new Uint8Array(buf), function (b) { return ("0" + b.toString(16)).slice(-2); }).join(""); }
  // Pages served over plain http (not localhost) have no crypto.subtle: hash in script instead.
  function sha256Plain(bytes) {
    var K = [0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,0xd807aa98,0x12835b01,0x243185be,0x550c7dc3,
      0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,0x2de92c6f,0x4a7484aa,0x5cb0a9dc,0x76f988da,
      0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,0x06ca6351,0x14292967,0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,
      0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,0xa2bfe8a1,0xa81a664b,0xc24b8b70,0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,
      0x19a4c116,0x1e376c08,0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,0x5b9cca4f,0x682e6ff3,0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,
      0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2];
    var H = [0x6a09e667,0xbb67ae85,0x3c6ef372,0xa54ff53a,0x510e527f,0x9b05688c,0x1f83d9ab,0x5be0cd19];
    var len = bytes.length, total = ((len + 9 + 63) >> 6) << 6, m = new Uint8Array(total);
    m.set(bytes); m[len] = 0x80;
    var bits = len * 8, dv = new DataView(m.buffer);
    dv.setUint32(total - 8, Math.floor(bits / 4294967296)); dv.setUint32(total - 4, bits >>> 0);
    var w = new Uint32Array(64);
    function r(x, n) { return (x >>> n) | (x << (32 - n)); }
    for (var off = 0; off < total; off += 64) {
      for (var i = 0; i < 16; i++) { w[i] = dv.getUint32(off + i * 4); }
      for (i = 16; i < 64; i++) {
        var s0 = r(w[i-15], 7) ^ r(w[i-15], 18) ^ (w[i-15] >>> 3), s1 = r(w[i-2], 17) ^ r(w[i-2], 19) ^ (w[i-2] >>> 10);
        w[i] = (w[i-16] + s0 + w[i-7] + s1) >>> 0;
      }
      var a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
      for (i = 0; i < 64; i++) {
        var t1 = (h + (r(e, 6) ^ r(e, 11) ^ r(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
        var t2 = ((r(a, 2) ^ r(a, 13) ^ r(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
        h = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
      }
      H = [H[0]+a, H[1]+b, H[2]+c, H[3]+d, H[4]+e, H[5]+f, H[6]+g, H[7]+h].map(function (x) { return x >>> 0; });
    }
    var out = new Uint8Array(32), odv = new DataView(out.buffer);
    H.forEach(function (x, k) { odv.setUint32(k * 4, x); });
    return out.buffer;
  }

  function upload(url, f) {
    var bar = document.getElementById("upload-bar");
    var pct = document.getElementById("upload-pct");
    function progress(p) { bar.value = p; pct.textContent = p + "%"; }
    bar.hidden = false;
    pct.hidden = false;
    progress(0);
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      xhr.open("PUT", url);
      xhr.setRequestHeader("Content-Type", "application/octet-stream");
      xhr.setRequestHeader("X-CSRF-Token", csrf);
      xhr.upload.onprogress = function (e) { if (e.lengthComputable) { progress(Math.round(100 * e.loaded / e.total)); } };
      xhr.onload = function () {
        if (xhr.status >= 200 && xhr.status < 300) { progress(100); }
        var data = null;
        try { data = JSON.parse(xhr.responseText); } catch (ignored) { data = null; }
        resolve({ status: xhr.status, ok: xhr.status >= 200 && xhr.status < 300, data: data });
      };
      xhr.onerror = function () { resolve({ status: 0, ok: false, data: { message: "the upload was interrupted; push again" } }); };
      xhr.send(f);
    });
  }

  function followBuild(base, id) {
    var log = document.getElementById("staging-log");
    log.hidden = false;
    var offset = 0;
    function more() {
      return fetch(base + "/builds/" + id + "/log?offset=" + offset, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (t) { if (t) { offset += t.length; log.textContent += t; log.scrollTop = log.scrollHeight; } });
    }
    return new Promise(function (resolve) {
      function poll() {
        more().then(function () { return api("GET", base + "/builds/" + id); }).then(function (b) {
          // A build can finish between reading its log and its state: read the rest before going on.
          if (b.ok && b.data.state !== "STAGING") { more().then(function () { resolve(b.data); }); } else { setTimeout(poll, 500); }
        });
      }
      poll();
    });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (!file) { window.paasFlash("Pick or drop a file to push first.", true); drop.focus(); return; }
    var max = Number(form.dataset.maxBytes);
    if (file.size > max) { window.paasFlash(file.name + " is larger than this platform accepts (" + Math.round(max / 1048576) + " MiB).", true); return; }
    var space = spaceInput.value;
    var name = nameInput.value.trim();
    var memory = memoryInput.value.trim();
    var instances = Number(instancesInput.value);
    var buildpack = document.getElementById("buildpack").value;
    var base = "/v1/spaces/" + encodeURIComponent(space) + "/apps/" + encodeURIComponent(name);
    var go = document.getElementById("push-go");
    if (go.disabled) { return; }
    go.disabled = true;
    document.getElementById("push-progress").hidden = false;
    var digest, createdApp = false, createdRoutes = [], urls = [];
    step("Creating or updating " + name + " in " + space);
    api("GET", base).then(function (res) {
      if (res.status === 404) {
        createdApp = true;
        return api("POST", "/v1/spaces/" + encodeURIComponent(space) + "/apps", { name: name, memory: memory, instances: instances });
      }
      if (!res.ok) { return res; }
      // Only what the form changes: an existing app keeps its memory and instances otherwise.
      existing = res.data;
      var c = changes();
      if (c.memory === undefined && c.instances === undefined) { return res; }
      c.version = res.data.version;
      return api("PATCH", base, c);
    }).then(function (res) {
      if (!res.ok) { createdApp = false; fail(message(res)); }
      var wanted = routesFor(name);
      if (!wanted.length) { return { ok: true, data: [] }; }
      step("Mapping " + wanted.join(", "));
      return mapRoutes(space, name, wanted, createdRoutes);
    }).then(function (res) {
      if (!res.ok) { fail(message(res)); }
      urls = res.data.map(function (r) { return r.url; });
      step("Hashing " + file.name);
      return file.arrayBuffer().then(sha256);
    }).then(function (d) {
      digest = d;
      step("Uploading " + file.name);
      return api("POST", base + "/packages", { sha256: digest, filename: file.name });
    }).then(function (res) {
      if (res.status === 201) { document.getElementById("upload-bar").hidden = true; return res; }
      if (res.status !== 404) { fail(message(res)); }
      return upload(base + "/packages/" + digest + "?filename=" + encodeURIComponent(file.name), file);
    }).then(function (res) {
      if (!res.ok) { fail(message(res)); }
      step("Staging");
      return api("POST", base + "/builds", buildpack ? { buildpack: buildpack } : {});
    }).then(function (res) {
      if (!res.ok) { fail(message(res)); }
      return followBuild(base, res.data.id);
    }).then(function (build) {
      // The staging output above already says why (once); the result line says what happened.
      if (build.state !== "STAGED") {
        fail("Staging failed; the staging output above says why." + (createdApp ? "" : " " + name + " keeps running its previous revision."));
      }
      step("Starting " + instances + " instance" + (instances === 1 ? "" : "s"));
      return api("POST", base + "/start");
    }).then(function (res) {
      if (!res.ok) { fail(message(res)); }
      var at = urls.length ? urls[0] : null;
      if (at) {
        var link = document.getElementById("push-url-link");
        link.href = at; link.textContent = at;
        document.getElementById("push-url").hidden = false;
      }
      step("Pushed " + name + (at ? ": " + at : " (no route: paas map-route, or the app page's Routes)") + ". Opening the app page");
      location.href = "/apps/" + encodeURIComponent(space) + "/" + encodeURIComponent(name);
    }).catch(function (err) {
      if (window.console) { console.warn(err); }
      if (createdApp) { undo(space, name, createdRoutes); } else { go.disabled = false; lookup(); }
    });
  });

  // A first push that failed leaves nothing behind, as paas push does: the routes it created, then
  // the app (its package goes with it). Routes that existed before stay, as they were.
  function undo(space, name, createdRoutes) {
    var routes = "/v1/spaces/" + encodeURIComponent(space) + "/routes/";
    var result = document.getElementById("push-result");
    createdRoutes.reduce(function (chain, r) {
      return chain.then(function () { return api("DELETE", routes + r.id); });
    }, Promise.resolve()).then(function () {
      return api("DELETE", "/v1/spaces/" + encodeURIComponent(space) + "/apps/" + encodeURIComponent(name));
    }).then(function (res) {
      result.textContent += res.ok ? " " + name + " was new, so it was removed again"
        + (createdRoutes.length ? " with its route" + (createdRoutes.length === 1 ? "" : "s") : "") + "; fix the problem and push again."
        : " Removing " + name + " again failed (" + message(res) + "); delete it from its page.";
      document.getElementById("push-go").disabled = false;
      return lookup(); // the note about an existing app follows what is there now
    });
  }
})();
