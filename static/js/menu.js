// lane: layout — the header's menu button below 768 px (issue 13 item 4). Without this script the navigation stays open.
(function () {
  "use strict";
  function init() {
    var button = document.querySelector(".topbar .menu-toggle");
    var header = document.querySelector(".topbar");
    if (!button || !header) { return; }
    header.classList.add("has-menu");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = header.classList.toggle("menu-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
