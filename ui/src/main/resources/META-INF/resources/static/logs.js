// The app page's live log pane: recent lines, then new ones over SSE (/v1/.../logs/stream,
// authenticated by the session cookie). Pause keeps receiving but holds the lines back;
// filters hide lines without dropping them, so Download always has everything received.
// Lines are kept in time order: a router's batch or a node's late line lands where its time
// says, not where it arrived (lines of the same time keep their arrival order).
(function () {
  "use strict";
  var pane = document.getElementById("log-pane");
  if (!pane) { return; }
  var MAX = 5000;
  var box = document.getElementById("log-lines");
  var state = document.getElementById("log-state");
  var note = document.getElementById("log-note");
  var pauseBtn = document.getElementById("log-pause");
  var source = document.getElementById("log-source");
  var instance = document.getElementById("log-instance");
  var text = document.getElementById("log-filter");
  var lines = [];
  var held = [];
  var paused = false;
  var instances = {};
  var LINE = /^(\S+) \[([A-Z]+)(?:\/(\d+))?\] (\S+) (.*)$/;

  function setState(s, label) { state.dataset.state = s; state.textContent = label; state.title = label; }

  function render(l) {
    var div = document.createElement("div");
    div.className = "log-line " + l.source + (l.stream === "ERR" ? " err" : "");
    div.dataset.source = l.source;
    div.dataset.instance = l.instance == null ? "" : String(l.instance);
    div.dataset.at = l.at || "";
    var t = document.createElement("span"); t.className = "t"; t.textContent = (l.at || "").replace("T", " ").replace(/\.\d+Z$/, "Z").slice(11) + " ";
    var s = document.createElement("span"); s.className = "s"; s.textContent = "[" + l.source + (l.instance == null ? "" : "/" + l.instance) + "] ";
    div.appendChild(t); div.appendChild(s);
    div.appendChild(document.createTextNode((l.stream === "ERR" ? "ERR " : "") + l.text));
    div.hidden = !visible(l);
    return div;
  }

  function visible(l) {
    if (source.value && l.source !== source.value) { return false; }
    if (instance.value !== "" && String(l.instance) !== instance.value) { return false; }
    var q = text.value.trim().toLowerCase();
    return !q || (l.text || "").toLowerCase().indexOf(q) >= 0;
  }

  function time(l) { var t = Date.parse(l.at || ""); return isNaN(t) ? 0 : t; }

  function add(batch) {
    var atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
    batch.forEach(function (l) {
      l.t = time(l);
      if (l.instance != null && !instances[l.instance]) {
        instances[l.instance] = true;
        var o = document.createElement("option"); o.value = String(l.instance); o.textContent = "Instance " + l.instance;
        instance.appendChild(o);
      }
      // Almost always the newest: look from the end.
      var i = lines.length;
      while (i > 0 && lines[i - 1].t > l.t) { i--; }
      lines.splice(i, 0, l);
      box.insertBefore(render(l), box.children[i] || null);
    });
    while (lines.length > MAX) { lines.shift(); box.removeChild(box.firstChild); }
    if (atBottom) { box.scrollTop = box.scrollHeight; }
    note.textContent = lines.length ? "" : "No log lines yet. Lines appear here as the app, the router and the platform write them.";
  }

  function refilter() {
    var nodes = box.children;
    for (var i = 0; i < nodes.length; i++) { nodes[i].hidden = !visible(lines[i]); }
  }

  function receive(l) {
    if (paused) { held.push(l); pauseBtn.textContent = "Resume (" + held.length + " new)"; } else { add([l]); }
  }

  pauseBtn.addEventListener("click", function () {
    paused = !paused;
    pauseBtn.setAttribute("aria-pressed", paused ? "true" : "false");
    if (paused) { pauseBtn.textContent = "Resume"; setState("paused", "paused"); return; }
    pauseBtn.textContent = "Pause";
    add(held); held = [];
    setState("live", "live");
  });
  [source, instance].forEach(function (el) { el.addEventListener("change", refilter); });
  text.addEventListener("input", refilter);
  document.getElementById("log-download").addEventListener("click", function () {
    var body = lines.map(function (l) {
      return l.at + " [" + l.source + (l.instance == null ? "" : "/" + l.instance) + "] " + l.stream + " " + l.text;
    }).join("\n") + "\n";
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([body], { type: "text/plain" }));
    a.download = pane.dataset.app + "-logs.txt";
    document.body.appendChild(a); a.click(); a.remove();
  });

  // Stream first, then the recent lines, so nothing falls in between; duplicates are dropped.
  var early = [];
  var loaded = false;
  var es = new EventSource(pane.dataset.stream);
  es.onopen = function () { if (!paused) { setState("live", "live"); } };
  es.onerror = function () { setState("error", "reconnecting…"); };
  es.onmessage = function (e) {
    var l;
    try { l = JSON.parse(e.data); } catch (ignored) { return; }
    if (!loaded) { early.push(l); } else { receive(l); }
  };
  fetch(pane.dataset.recent, { credentials: "same-origin" }).then(function (r) {
    if (r.status === 401) { location.href = "/login?expired=1&next=" + encodeURIComponent(location.pathname); }
    return r.ok ? r.text() : "";
  }).then(function (body) {
    var recent = body.split("\n").filter(Boolean).map(function (s) {
      var m = LINE.exec(s);
      return m ? { at: m[1], source: m[2], instance: m[3] == null ? null : Number(m[3]), stream: m[4], text: m[5] }
        : { at: "", source: "APP", instance: null, stream: "OUT", text: s };
    });
    var seen = {};
    recent.forEach(function (l) { seen[l.at + l.text] = true; });
    add(recent.concat(early.filter(function (l) { return !seen[l.at + l.text]; })));
    loaded = true;
    early = [];
  });
})();
