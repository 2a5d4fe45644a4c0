// Boxes that scroll sideways (wide tables, on phones nearly every table) must be reachable by keyboard
// (WCAG 2.1.1; axe: scrollable-region-focusable): each one that really scrolls becomes a focusable, named
// region. Run on load, on resize and after every htmx swap. The name is the table's caption, else the
// heading before the box, else the page's generic label (data-scroll-label on <body>, translated).
(function () {
  "use strict";

  function scrolls(el) {
    var style = window.getComputedStyle(el);
    var sideways = (style.overflowX === "auto" || style.overflowX === "scroll") && el.scrollWidth > el.clientWidth + 1;
    var down = (style.overflowY === "auto" || style.overflowY === "scroll") && el.scrollHeight > el.clientHeight + 1;
    return sideways || down;
  }

  function nameOf(el) {
    var caption = el.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    var previous = el.previousElementSibling;
    while (previous) {
      if (/^H[1-6]$/.test(previous.tagName)) return previous.textContent.trim();
      previous = previous.previousElementSibling;
    }
    return document.body.getAttribute("data-scroll-label") || "";
  }

  function mark(root) {
    var boxes = (root || document).querySelectorAll("main table, main .overflow-auto, main .table-scroll, main figure");
    for (var i = 0; i < boxes.length; i++) {
      var el = boxes[i];
      if (!scrolls(el)) continue;
      if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
      if (el.tagName !== "TABLE" && !el.hasAttribute("role")) el.setAttribute("role", "region");
      if (!el.hasAttribute("aria-label") && !el.hasAttribute("aria-labelledby")) {
        var name = nameOf(el);
        if (name) el.setAttribute("aria-label", name);
      }
    }
  }

  document.addEventListener("DOMContentLoaded", function () { mark(document); });
  window.addEventListener("resize", function () { mark(document); });
  document.addEventListener("htmx:afterSwap", function (event) { mark(document); });
})();
