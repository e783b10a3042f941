/* brandhall: filter brand cards by 党委. The state lives in the URL (#org=…) so it can be
   bookmarked. Without JavaScript every group stays visible. */
(function () {
  "use strict";

  function applyFilter(nav, org) {
    var target = nav.getAttribute("data-filter-target");
    document.querySelectorAll(target).forEach(function (section) {
      section.hidden = Boolean(org) && section.getAttribute("data-org") !== org;
    });
    nav.querySelectorAll(".bh-chip").forEach(function (chip) {
      chip.setAttribute("aria-pressed", String(chip.getAttribute("data-org") === org));
    });
  }

  function orgFromHash() {
    var match = /(?:^#|&)org=([^&]*)/.exec(window.location.hash);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function setup() {
    var nav = document.querySelector(".bh-filter[data-filter-target]");
    if (!nav) return;
    nav.addEventListener("click", function (event) {
      var chip = event.target.closest(".bh-chip");
      if (!chip) return;
      var org = chip.getAttribute("data-org");
      history.replaceState(null, "", org ? "#org=" + encodeURIComponent(org) : location.pathname);
      applyFilter(nav, org);
    });
    applyFilter(nav, orgFromHash());
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
