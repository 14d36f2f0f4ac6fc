// Move focus to the error summary after a form is sent back with errors, so that
// screen reader and keyboard users land on the list of what to fix.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});
