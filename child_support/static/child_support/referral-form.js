// The referral form shows only what the chosen kind asks for: the municipal services' own fields
// (autism therapy, early development, inclusive centre) and, for an outside service that is not a
// violence referral, the guardian's consent. Without JavaScript every field stays visible and the
// service names what is missing, so nothing depends on this file.
(function () {
  "use strict";

  function update(form) {
    var kind = form.querySelector("[name=kind]");
    var violence = form.querySelector("[name=is_violence]");
    var chosen = kind ? kind.value : "";
    form.querySelectorAll("[data-kinds]").forEach(function (block) {
      var kinds = block.getAttribute("data-kinds").split(" ");
      var outside = kinds.indexOf("outside") !== -1;
      var show;
      if (outside) {
        show = chosen !== "" && form.getAttribute("data-internal").split(" ").indexOf(chosen) === -1 &&
          !(violence && violence.checked);
      } else {
        show = chosen === "" || kinds.indexOf(chosen) !== -1;
      }
      block.hidden = !show;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("referral-form");
    if (!form) return;
    form.addEventListener("change", function () { update(form); });
    update(form);
  });
})();
