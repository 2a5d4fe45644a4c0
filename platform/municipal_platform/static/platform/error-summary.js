// A page that comes back with errors (platform/_form_errors.html, feedback/_form_errors.html) puts the
// keyboard and screen-reader focus on the summary at its top, which lists each error with a link to its
// field: on a phone the field in error may be a few screens further down.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
