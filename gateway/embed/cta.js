// The clinic's call to action for another site: the free assessment button and the Stay Informed form,
// drawn into every element marked data-clinic-cta (or just after this script tag), posting to our API.
(function () {
  var script = document.currentScript;
  if (!script) { return; }
  var origin = new URL(script.src).origin;
  var boxes = document.querySelectorAll("[data-clinic-cta]");
  if (!boxes.length) {
    var box = document.createElement("div");
    script.parentNode.insertBefore(box, script.nextSibling);
    boxes = [box];
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function assessmentLink(box) {
    var query = new URLSearchParams({
      utm_source: box.getAttribute("data-source") || "clinic-site",
      utm_medium: "embed",
      utm_campaign: box.getAttribute("data-campaign") || "cta"
    });
    return element("a", { "class": "clinic-cta-button", href: origin + "/assessment?" + query.toString() },
      "See If You Qualify — Free Assessment");
  }

  function signupForm(index) {
    var form = element("form", { "class": "clinic-cta-signup", novalidate: "" });
    var id = "clinic-cta-email-" + index;
    form.appendChild(element("h2", { "class": "clinic-cta-heading" }, "Stay Informed"));
    form.appendChild(element("p", {}, "Get the latest research and insights on ketamine therapy delivered to your inbox."));
    form.appendChild(element("label", { "for": id }, "Email address"));
    var email = element("input", { type: "email", id: id, name: "email", required: "", autocomplete: "email" });
    form.appendChild(email);
    // Left empty by people; bots that fill every field give themselves away.
    var trap = element("input", { type: "text", name: "website", tabindex: "-1", autocomplete: "off", "aria-hidden": "true" });
    trap.hidden = true;
    form.appendChild(trap);
    form.appendChild(element("button", { type: "submit" }, "Subscribe"));
    form.appendChild(element("p", { "class": "clinic-cta-hint" },
      "We email a link to confirm. Every email has a one-click unsubscribe. General information, not medical advice."));
    var status = element("p", { role: "status", "aria-live": "polite", "class": "clinic-cta-status" });
    form.appendChild(status);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!email.value.trim()) { status.textContent = "Please enter your email address."; email.focus(); return; }
      status.textContent = "Sending…";
      fetch(origin + "/api/newsletter/subscriptions", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: email.value, website: trap.value, source: "embed" })
      }).then(function (response) {
        return response.json().then(function (data) {
          if (response.ok) { status.textContent = data.message; form.reset(); return; }
          var fields = (data.errors && data.errors.json) || {};
          status.textContent = fields.email ? "Please enter a valid email address." : (data.message || "Please try again.");
        });
      }).catch(function () {
        status.textContent = "We could not reach the newsletter service. Please try again.";
      });
    });
    return form;
  }

  Array.prototype.forEach.call(boxes, function (box, index) {
    box.classList.add("clinic-cta");
    box.appendChild(assessmentLink(box));
    box.appendChild(signupForm(index));
  });
})();
