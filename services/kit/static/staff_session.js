// Keeps a staff member's sign-in alive while they work, warns before it ends, and keeps what they typed
// when it does end: a form sent after the end is kept in this tab and put back once they have signed in.
(function () {
  "use strict";

  var DRAFT = "staff-draft:";
  var LOGIN = "/staff/login";
  var TYPED = "textarea, select, input:not([type=hidden]):not([type=password]):not([type=file])" +
    ":not([type=submit]):not([type=button]):not([type=reset])";

  function now() { return Date.now() / 1000; }

  function storage() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }

  function formKey(form) {
    var forms = Array.prototype.slice.call(document.forms);
    return (form.getAttribute("action") || "") + "#" + forms.indexOf(form);
  }

  function fieldsOf(form) {
    var values = {};
    var typed = false;
    Array.prototype.forEach.call(form.querySelectorAll(TYPED), function (field, index) {
      if (!field.name || field.name === "csrf_token") { return; }
      var key = field.name + "#" + index;
      if (field.type === "checkbox" || field.type === "radio") {
        values[key] = field.checked;
      } else {
        values[key] = field.value;
        if (field.value && field.value !== field.defaultValue) { typed = true; }
      }
    });
    return typed ? values : null;
  }

  function clearDrafts() {
    var store = storage();
    if (!store) { return; }
    for (var i = store.length - 1; i >= 0; i--) {
      var key = store.key(i);
      if (key && key.indexOf(DRAFT) === 0) { store.removeItem(key); }
    }
  }

  function saveDrafts(forms, interrupted) {
    var store = storage();
    if (!store) { return; }
    var saved = {};
    forms.forEach(function (form) {
      var values = fieldsOf(form);
      if (values) { saved[formKey(form)] = values; }
    });
    if (Object.keys(saved).length) {
      store.setItem(DRAFT + location.pathname, JSON.stringify({ forms: saved, interrupted: interrupted, who: who }));
    }
  }

  function markDraftsInterrupted() {
    var store = storage();
    if (!store) { return; }
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(DRAFT) === 0) {
        try {
          var draft = JSON.parse(store.getItem(key));
          draft.interrupted = true;
          store.setItem(key, JSON.stringify(draft));
        } catch (e) { store.removeItem(key); }
      }
    }
  }

  function restoreDraft() {
    var store = storage();
    if (!store) { return false; }
    var raw = store.getItem(DRAFT + location.pathname);
    store.removeItem(DRAFT + location.pathname);
    var draft;
    try { draft = JSON.parse(raw); } catch (e) { return false; }
    // A draft whose form reached the server without a sign-in in between was stored: nothing to put back.
    // Nor is anyone shown what another person typed on a shared screen.
    if (!draft || !draft.interrupted || draft.who !== who) { return false; }
    var restored = false;
    Array.prototype.forEach.call(document.forms, function (form) {
      var values = draft.forms[formKey(form)];
      if (!values) { return; }
      Array.prototype.forEach.call(form.querySelectorAll(TYPED), function (field, index) {
        var key = field.name + "#" + index;
        if (!(key in values)) { return; }
        if (field.type === "checkbox" || field.type === "radio") {
          field.checked = values[key];
        } else if (!field.value || field.value === field.defaultValue) {
          field.value = values[key];
          if (values[key]) { restored = true; }
        }
      });
    });
    return restored;
  }

  function showRestored() {
    var main = document.getElementById("main");
    if (!main) { return; }
    var note = document.createElement("div");
    note.className = "notice draft-restored";
    note.setAttribute("role", "status");
    var text = document.createElement("p");
    text.textContent = "What you had typed before signing in again is back in the form. Check it and send it again.";
    note.appendChild(text);
    main.insertBefore(note, main.firstChild);
  }

  function inWords(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    var m = Math.floor(s / 60);
    var rest = s % 60;
    var parts = [];
    if (m) { parts.push(m + (m === 1 ? " minute" : " minutes")); }
    if (rest || !m) { parts.push(rest + (rest === 1 ? " second" : " seconds")); }
    return parts.join(" ");
  }

  if (location.pathname === LOGIN) {
    markDraftsInterrupted();
    return;
  }

  var box = document.getElementById("session-warning");
  if (!box) { return; }
  var who = box.getAttribute("data-subject");
  var over = document.getElementById("session-over");
  var countdown = box.querySelector(".session-countdown");
  var stay = box.querySelector(".session-stay");
  var expiresAt = Number(box.getAttribute("data-expires-at")) || 0;
  var sessionEndsAt = Number(box.getAttribute("data-session-ends-at")) || 0;
  var lifetime = Math.max(1, expiresAt - now());
  var warnBefore = Math.min(120, lifetime / 2);
  var lastActive = 0;
  var lastRenewed = now();
  var renewing = false;
  var ended = false;
  // Back to the page itself, without its query: a "?done=notes" left from an earlier action would mislead.
  var signIn = LOGIN + "?next=" + encodeURIComponent(location.pathname);

  if (restoreDraft()) { showRestored(); }

  function lastStretch() {
    // The token cannot outlive the working day: when they coincide, renewing cannot help.
    return sessionEndsAt && expiresAt >= sessionEndsAt;
  }

  function end(message) {
    if (ended) { return; }
    ended = true;
    box.hidden = true;
    saveDrafts(Array.prototype.slice.call(document.forms), true);
    if (over) {
      if (message) { over.querySelector(".session-over-text").textContent = message; }
      over.querySelector(".session-sign-in").setAttribute("href", signIn);
      over.hidden = false;
    }
  }

  function renew() {
    if (renewing || ended) { return; }
    renewing = true;
    fetch(box.getAttribute("data-renew-path"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRF-Token": box.getAttribute("data-csrf"), "Accept": "application/json" }
    }).then(function (answer) {
      return answer.json().then(function (body) { return { ok: answer.ok, status: answer.status, body: body }; });
    }).then(function (result) {
      renewing = false;
      if (result.ok) {
        expiresAt = result.body.expires_at;
        sessionEndsAt = result.body.session_ends_at || sessionEndsAt;
        lastRenewed = now();
        // A page opened late in a token's life learns the full lifetime from its first renewal.
        lifetime = Math.max(lifetime, expiresAt - lastRenewed);
        warnBefore = Math.min(120, lifetime / 2);
        box.hidden = true;
      } else if (result.status === 401) {
        end(result.body && result.body.message);
      }
    }).catch(function () { renewing = false; });  // offline for a moment: the next tick tries again
  }

  function tick() {
    if (ended) { return; }
    var left = expiresAt - now();
    if (left <= 0) { end(); return; }
    var active = lastActive > lastRenewed;
    if (active && !lastStretch() && left <= lifetime / 2) { renew(); return; }
    if (left <= warnBefore) {
      countdown.textContent = inWords(left);
      stay.hidden = lastStretch();
      if (lastStretch()) {
        box.querySelector("#session-warning-text").textContent = "Your sign-in has lasted a working day and ends in " +
          inWords(left) + ". Finish what you are typing; you will sign in again with your password and code.";
      }
      box.hidden = false;
    }
  }

  ["keydown", "pointerdown", "input", "wheel", "touchstart"].forEach(function (name) {
    document.addEventListener(name, function () { lastActive = now(); }, { capture: true, passive: true });
  });
  stay.addEventListener("click", function () { lastActive = now(); renew(); });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) { return; }
    if ((form.getAttribute("action") || "") === "/staff/logout") { clearDrafts(); return; }
    if (ended || expiresAt - now() <= 0) {
      // Sending now would only meet the sign-in page: keep the text and go there directly.
      event.preventDefault();
      saveDrafts([form], true);
      location.assign(signIn);
      return;
    }
    // Kept until the next page shows whether the form arrived or a sign-in came in between.
    saveDrafts([form], false);
  }, true);

  setInterval(tick, 1000);
  tick();
})();
