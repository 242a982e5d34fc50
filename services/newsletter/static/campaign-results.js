// Fills "What it led to" from the leads funnel by campaign (first and latest touch), through the gateway.
(function () {
  var section = document.getElementById("results");
  var table = document.getElementById("led-to");
  if (!section || !table) { return; }
  var slug = section.getAttribute("data-campaign");
  var base = table.getAttribute("data-source");
  function money(cents) { return "$" + (cents / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }); }
  function fill(touch) {
    return fetch(base + "&touch=" + touch, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error("funnel " + r.status); }
      return r.json();
    }).then(function (data) {
      var row = data.rows.filter(function (r) { return r.key === slug; })[0] || { assessments: 0, members: 0, collected_cents: 0 };
      table.querySelectorAll('td[data-touch="' + touch + '"]').forEach(function (cell) {
        var name = cell.getAttribute("data-figure");
        cell.textContent = name === "collected_cents" ? money(row[name]) : row[name].toLocaleString("en-US");
      });
    });
  }
  Promise.all([fill("first"), fill("last")]).catch(function () {
    table.querySelectorAll("td").forEach(function (cell) { cell.textContent = "Not available right now"; });
  });
})();
