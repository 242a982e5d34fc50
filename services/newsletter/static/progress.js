// Refreshes the campaign progress figures every two seconds while the campaign is sending.
(function () {
  var section = document.getElementById("progress");
  if (!section) { return; }
  var url = section.getAttribute("data-progress-url");
  // The same names as services/newsletter/campaigns/labels.py shows on the server-rendered page.
  var STATES = { draft: "Draft", scheduled: "Scheduled", sending: "Sending", paused: "Paused", sent: "Sent", canceled: "Canceled" };
  function set(id, value) { var el = document.getElementById(id); if (el) { el.textContent = value; } }
  function refresh() {
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (p) {
      if (!p) { return; }
      set("campaign-state", STATES[p.state] || p.state); set("sent", p.sent); set("total", p.total); set("rate", p.rate_per_second);
      set("failures", p.failures); set("possibly-duplicated", p.possibly_duplicated); set("suppressed", p.recipients.suppressed);
      set("batches", Object.keys(p.batches).map(function (k) { return k + " " + p.batches[k]; }).join(" · "));
      var bar = document.getElementById("progress-bar");
      if (bar) { bar.max = p.total || 1; bar.value = p.sent; }
      if (p.state === "sending" || p.state === "scheduled") { setTimeout(refresh, 2000); }
    }).catch(function () { setTimeout(refresh, 5000); });
  }
  refresh();
})();
