// paas dashboard: small shared behaviour. htmx carries the CSRF token (hx-headers on <body>);
// this file shows messages, hides revealed env values again and adds env rows.
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
})();
