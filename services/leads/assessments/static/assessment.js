// Progressive enhancement for the hosted assessment; every step works without it.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  // Count answered questions on questionnaire steps, announced politely.
  var counter = document.getElementById("answered-count");
  if (counter) {
    var form = counter.closest("form");
    var groups = form.querySelectorAll("fieldset[id]");
    var update = function () {
      var done = 0;
      groups.forEach(function (g) { if (g.querySelector("input:checked")) { done += 1; } });
      counter.textContent = counter.dataset.template.replace("{done}", done).replace("{total}", groups.length);
    };
    form.addEventListener("change", update);
    update();
  }

  // One click sends once: a second press while the page loads would only repeat the step.
  document.querySelectorAll("form").forEach(function (f) {
    f.addEventListener("submit", function () {
      setTimeout(function () {
        f.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  });
}());
