// paas dashboard: small shared behaviour. htmx carries the CSRF token (hx-headers on <body>);
// this file shows messages, hides revealed env values again and adds env rows, shows that an
// action is under way (and keeps it from being sent twice), and keeps focus and scroll where
// they were when a background refresh replaces a fragment.
(function () {
  "use strict";
  var flashTimer;
  function flash(message, error) {
    var el = document.getElementById("flash");
    if (!el) { return; }
    el.textContent = message;
    el.classList.toggle("error", !!error);
    el.hidden = false;
    clearTimeout(flashTimer);
    flashTimer = setTimeout(function () { el.hidden = true; }, error ? 9000 : 4000);
  }
  window.paasFlash = flash;
  document.addEventListener("paas-flash", function (e) { flash(e.detail && e.detail.message || "Done."); });
  document.addEventListener("htmx:responseError", function (e) {
    var xhr = e.detail.xhr;
    var text = (xhr.responseText || "").trim();
    if (xhr.getResponseHeader("Content-Type") && xhr.getResponseHeader("Content-Type").indexOf("json") >= 0) {
      try { text = JSON.parse(text).message; } catch (ignored) { /* keep the text */ }
    }
    flash(text || ("The server answered " + xhr.status + "."), true);
  });
  document.addEventListener("htmx:sendError", function () { flash("The control plane cannot be reached; retrying.", true); });
  document.addEventListener("click", function (e) {
    var t = e.target;
    if (t.matches("[data-env-hide]")) {
      // Values reach the page only when revealed (an htmx GET of the editor); this only hides them again.
      var hide = t.getAttribute("aria-pressed") === "true";
      t.closest("form").querySelectorAll(".env-value").forEach(function (i) { i.type = hide ? "password" : "text"; });
      t.setAttribute("aria-pressed", hide ? "false" : "true");
      t.textContent = hide ? "Show values" : "Hide values";
    } else if (t.matches("[data-env-add]")) {
      var rows = t.closest("form").querySelector(".env-rows");
      var row = document.createElement("div");
      row.className = "env-row";
      row.innerHTML = '<input name="name" class="env-name" aria-label="Name" placeholder="NAME">' +
        '<input name="value" class="env-value" aria-label="Value" placeholder="value" autocomplete="off">' +
        '<input type="hidden" name="kept" value="">';
      rows.appendChild(row);
      row.querySelector("input").focus();
    } else if (t.matches("[data-copy]")) {
      var src = document.querySelector(t.getAttribute("data-copy"));
      if (src && navigator.clipboard) { navigator.clipboard.writeText(src.textContent.trim()).then(function () { flash("Copied."); }); }
    }
  });
  // A form being edited must not be replaced by a background refresh of the same fragment.
  document.addEventListener("htmx:beforeRequest", function (e) {
    var target = e.detail.target;
    if (e.detail.requestConfig && e.detail.requestConfig.verb === "get" && target && target.contains(document.activeElement)
        && document.activeElement.matches("input, select, textarea")) {
      e.preventDefault();
    }
  });
  // An action under way: its button (or its form's buttons) is disabled and marked busy until the
  // answer, and a little after, so a double click sends one request, not two.
  var BUSY_AFTER_MS = 600; // longer than a double click
  document.addEventListener("htmx:beforeRequest", function (e) {
    if (e.defaultPrevented || !e.detail.requestConfig || e.detail.requestConfig.verb === "get") { return; }
    var elt = e.detail.elt;
    var buttons = elt.matches("form") ? Array.prototype.slice.call(elt.querySelectorAll("button, input[type=submit]")) : [elt];
    buttons.forEach(function (b) { b.disabled = true; b.classList.add("busy"); b.setAttribute("aria-busy", "true"); });
    elt.paasBusy = buttons;
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var elt = e.detail.elt, buttons = elt.paasBusy;
    if (!buttons) { return; }
    delete elt.paasBusy;
    setTimeout(function () {
      buttons.forEach(function (b) { b.disabled = false; b.classList.remove("busy"); b.removeAttribute("aria-busy"); });
    }, e.detail.successful ? BUSY_AFTER_MS : 0);
  });

  // A form marked data-reset-on-success starts empty again once what it sent was taken (the run-task form).
  document.addEventListener("htmx:afterRequest", function (e) {
    var elt = e.detail.elt;
    if (e.detail.successful && elt.matches && elt.matches("form[data-reset-on-success]")) { elt.reset(); }
  });

  // Background refreshes replace fragments: the element that had the keyboard focus is found again
  // in the new content (by id, else by what it does and says) and focused; scroll positions stay.
  function focusKey(el) {
    if (el.id) { return "#" + el.id; }
    return [el.tagName, el.getAttribute("hx-post"), el.getAttribute("hx-get"), el.getAttribute("href"), el.getAttribute("name"),
      el.getAttribute("value"), (el.textContent || "").trim()].join("|");
  }
  var kept = null;
  document.addEventListener("htmx:beforeSwap", function (e) {
    var target = e.detail.target, active = document.activeElement;
    kept = { target: target, x: window.scrollX, y: window.scrollY, top: target.scrollTop, left: target.scrollLeft,
      key: active && active !== document.body && target.contains(active) ? focusKey(active) : null };
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    if (!kept || kept.target !== e.detail.target) { return; }
    var k = kept, target = e.detail.target;
    kept = null;
    target.scrollTop = k.top; target.scrollLeft = k.left;
    if (k.key) {
      var all = target.querySelectorAll("a, button, input, select, textarea, [tabindex]");
      for (var i = 0; i < all.length; i++) {
        if (focusKey(all[i]) === k.key) { all[i].focus({ preventScroll: true }); break; }
      }
    }
    if (window.scrollX !== k.x || window.scrollY !== k.y) { window.scrollTo(k.x, k.y); }
  });
})();
