// Submits the confirmation form in a real browser, so one click on the emailed link confirms.
// Link scanners fetch the page without running scripts and therefore never confirm.
(function () {
  var form = document.getElementById("confirm-form");
  if (form && form.getAttribute("data-auto-submit") === "true") {
    form.submit();
  }
})();
