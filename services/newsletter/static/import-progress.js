// Polls an import's status every second and reloads the page for its report when the worker is done.
(function () {
  var section = document.getElementById("import-progress");
  if (!section) { return; }
  var url = section.getAttribute("data-status-url");
  function set(id, value) { var el = document.getElementById(id); if (el) { el.textContent = value; } }
  function refresh() {
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (s) {
      if (!s) { setTimeout(refresh, 3000); return; }
      set("import-state", s.state_label);
      set("import-done", s.processed_rows.toLocaleString("en-US"));
      set("import-total", s.total_rows.toLocaleString("en-US"));
      var bar = document.getElementById("import-bar");
      if (bar) { bar.max = s.total_rows || 1; bar.value = s.processed_rows; }
      if (s.state === "done" || s.state === "failed") { window.location.reload(); return; }
      setTimeout(refresh, 1000);
    }).catch(function () { setTimeout(refresh, 3000); });
  }
  refresh();
})();
