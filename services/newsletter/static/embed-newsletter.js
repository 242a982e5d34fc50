// Draws the newsletter sign-up form where this script tag sits and posts it to the clinic's API.
(function () {
  var script = document.currentScript;
  if (!script) { return; }
  var origin = new URL(script.src).origin;
  var form = document.createElement("form");
  form.className = "clinic-newsletter";
  form.innerHTML =
    '<label>Email address <input type="email" name="email" required autocomplete="email"></label>' +
    '<div hidden><label>Leave empty <input type="text" name="website" tabindex="-1" autocomplete="off"></label></div>' +
    '<button type="submit">Stay informed</button><p role="status" aria-live="polite"></p>';
  script.parentNode.insertBefore(form, script.nextSibling);
  var status = form.querySelector("p");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = { email: form.email.value, website: form.website.value, source: "embed" };
    status.textContent = "Sending…";
    fetch(origin + "/api/newsletter/subscriptions", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) {
        status.textContent = response.ok ? data.message : (data.errors && data.errors.json && data.errors.json.email
          ? "Please enter a valid email address." : (data.message || "Please try again."));
      });
    }).catch(function () { status.textContent = "We could not reach the newsletter service. Please try again."; });
  });
})();
