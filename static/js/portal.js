// A table wider than the screen scrolls in its .table-responsive box; a keyboard user reaches the box
// (and scrolls it with the arrow keys) only if it can take focus (WCAG 2.1.1). Only boxes that scroll get it.
(function () {
  "use strict";
  function reachable() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        box.tabIndex = 0;
      } else {
        box.removeAttribute("tabindex");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", reachable);
  window.addEventListener("resize", reachable);
})();
