/* brandhall: in-browser filters for the brand gallery and the honour wall, and poster printing.
   Filter state lives in the URL query (?org=…&year=…), so a view can be bookmarked. Without
   JavaScript every card stays visible. Written in ES5 for old intranet browsers. */
(function () {
  "use strict";

  function params() {
    var result = {};
    window.location.search.replace(/^\?/, "").split("&").forEach(function (pair) {
      if (!pair) return;
      var parts = pair.split("=");
      result[decodeURIComponent(parts[0])] = decodeURIComponent((parts[1] || "").replace(/\+/g, " "));
    });
    return result;
  }

  function saveParams(values) {
    var query = Object.keys(values).filter(function (key) { return values[key]; })
      .map(function (key) { return encodeURIComponent(key) + "=" + encodeURIComponent(values[key]); })
      .join("&");
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  /* Home: filter brand cards by 党委 and sort them by tier or star rating. */
  function setupGallery() {
    var nav = document.querySelector(".bh-filter[data-filter-target]");
    if (!nav) return;
    var sort = nav.querySelector("select[name=sort]");
    var state = params();

    function apply() {
      document.querySelectorAll(nav.getAttribute("data-filter-target")).forEach(function (section) {
        section.hidden = Boolean(state.org) && section.getAttribute("data-org") !== state.org;
        var grid = section.querySelector(".bh-grid");
        var cards = Array.prototype.slice.call(grid.children);
        cards.sort(function (a, b) {
          var key = state.sort === "tier" ? "data-tier-rank" : state.sort === "rating" ? "data-rating" : null;
          var diff = key ? Number(b.getAttribute(key)) - Number(a.getAttribute(key)) : 0;
          return diff || Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
        });
        cards.forEach(function (card) { grid.appendChild(card); });
      });
      nav.querySelectorAll(".bh-chip[data-org]").forEach(function (chip) {
        chip.setAttribute("aria-pressed", String(chip.getAttribute("data-org") === (state.org || "")));
      });
      if (sort) sort.value = state.sort || "";
      saveParams(state);
    }

    nav.addEventListener("click", function (event) {
      var chip = event.target.closest(".bh-chip[data-org]");
      if (!chip) return;
      state.org = chip.getAttribute("data-org");
      apply();
    });
    if (sort) sort.addEventListener("change", function () { state.sort = sort.value; apply(); });
    apply();
  }

  /* Honour wall: year, group, title, 党委, branch and name. */
  function setupWall() {
    var form = document.querySelector("[data-wall-filter]");
    if (!form) return;
    var cards = document.querySelectorAll("[data-wall-cards] > .bh-card");
    var fields = ["year", "group", "title", "org", "branch", "q"];

    function honourMatches(card, state) {
      return JSON.parse(card.getAttribute("data-honours")).some(function (honour) {
        return (!state.title || honour[0] === state.title) &&
          (!state.group || honour[1] === state.group) &&
          (!state.year || honour[2].indexOf(state.year) !== -1);
      });
    }

    function apply() {
      var state = {};
      fields.forEach(function (name) { state[name] = form.elements[name].value.trim(); });
      var shown = 0;
      cards.forEach(function (card) {
        var visible = honourMatches(card, state) &&
          (!state.org || card.getAttribute("data-org") === state.org) &&
          (!state.branch || card.getAttribute("data-branch") === state.branch) &&
          (!state.q || card.getAttribute("data-name").indexOf(state.q) !== -1);
        card.hidden = !visible;
        if (visible) shown += 1;
      });
      document.querySelector("[data-wall-count]").textContent = String(shown);
      document.querySelector("[data-wall-empty]").hidden = shown > 0;
      saveParams(state);
    }

    var initial = params();
    fields.forEach(function (name) { if (initial[name]) form.elements[name].value = initial[name]; });
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    apply();
  }

  /* Posters of the current stars: one per A4 page, or six to a page. The cards are copied into
     a sheet of their own pages, so nothing else of the wall is printed and each page holds
     exactly what the button says. */
  function printSheet(layout) {
    var perPage = layout === "single" ? 1 : 6;
    var sheet = document.createElement("div");
    var page = null;
    sheet.className = "bh-print-sheet md-typeset";
    document.querySelectorAll(".bh-current-stars .bh-figure-card").forEach(function (card, i) {
      if (i % perPage === 0) {
        page = document.createElement("div");
        page.className = "bh-print-page bh-print-page--" + layout;
        sheet.appendChild(page);
      }
      var copy = card.cloneNode(true);
      copy.querySelectorAll("img").forEach(function (img) { img.loading = "eager"; });
      page.appendChild(copy);
    });
    return sheet;
  }

  function imagesLoaded(root) {
    return Promise.all(Array.prototype.map.call(root.querySelectorAll("img"), function (img) {
      if (img.complete) return null;
      return new Promise(function (done) {
        img.addEventListener("load", done);
        img.addEventListener("error", done);
      });
    }));
  }

  function clearPrintSheet() {
    document.querySelectorAll(".bh-print-sheet").forEach(function (sheet) { sheet.remove(); });
    document.body.removeAttribute("data-print-layout");
  }

  function setupPrint() {
    window.removeEventListener("afterprint", clearPrintSheet);
    window.addEventListener("afterprint", clearPrintSheet);
    document.querySelectorAll("[data-print-buttons]").forEach(function (box) {
      box.hidden = false;
      if (box.hasAttribute("data-print-ready")) return;  // setup runs again when Material reloads the page
      box.setAttribute("data-print-ready", "");
      box.addEventListener("click", function (event) {
        var button = event.target.closest("[data-print]");
        if (!button) return;
        clearPrintSheet();
        var sheet = printSheet(button.getAttribute("data-print"));
        document.body.appendChild(sheet);
        document.body.setAttribute("data-print-layout", button.getAttribute("data-print"));
        imagesLoaded(sheet).then(function () { window.print(); });
      });
    });
  }

  function setup() {
    setupGallery();
    setupWall();
    setupPrint();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
