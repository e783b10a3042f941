/* brandhall: the honour wall's filter and poster printing.
   Filter state lives in the URL query (?org=…&year=…&name=…), so a view can be bookmarked; the
   names differ from the site search's ?q=. Written in ES5 (plus fetch) for old intranet browsers. */
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

  /* Honour wall: year, group, title, 党委, branch and name, over every figure of the site. The
     page carries no cards for this: the filter fetches wall/data/index.json and the shard of each
     year it needs (wall/data/<year>.json) when a visitor first filters, and draws the cards. */
  var PAGE = 48;

  var offlineData = null;

  function getJSON(url) {
    if (window.location.protocol === "file:") {  // an offline copy: the data is in a script
      var name = url.slice(url.lastIndexOf("/") + 1);
      offlineData = offlineData || new Promise(function (done, fail) {
        var script = document.createElement("script");
        script.src = url.slice(0, url.lastIndexOf("/") + 1) + "offline.js";
        script.onload = function () { done(window.bhWallData); };
        script.onerror = fail;
        document.head.appendChild(script);
      });
      return offlineData.then(function (all) { return all[name]; });
    }
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function wallCard(row, root, branches) {
    var branch = branches[row[3]];
    var card = element("a", "bh-card bh-figure-card");
    card.href = root + row[2];
    if (row[5]) {
      var img = element("img", "bh-portrait");
      img.src = root + row[5];
      img.alt = row[1] + "的照片";
      img.loading = "lazy";
      card.appendChild(img);
    } else {
      var empty = element("div", "bh-portrait bh-portrait--empty");
      empty.setAttribute("role", "img");
      empty.setAttribute("aria-label", row[1] + "（暂无照片）");
      empty.appendChild(element("span", "", row[1].charAt(0)));
      card.appendChild(empty);
    }
    var body = element("div", "bh-figure-card__body");
    body.appendChild(element("h3", "bh-figure-card__name", row[1]));
    if (row[4]) body.appendChild(element("p", "bh-figure-card__post", row[4]));
    body.appendChild(element("p", "bh-figure-card__branch", branch[1]));
    var list = element("ul", "bh-honours");
    row[6].forEach(function (honour) {
      var item = element("li");
      item.appendChild(element("span", "bh-honours__title", honour[0]));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(element("span", "bh-honours__period", honour[3]));
      list.appendChild(item);
    });
    body.appendChild(list);
    card.appendChild(body);
    return card;
  }

  function setupWall() {
    var form = document.querySelector("[data-wall-filter]");
    if (!form || form.hasAttribute("data-ready")) return;
    form.setAttribute("data-ready", "");
    var root = form.getAttribute("data-site-root");
    var data = root + "wall/data/";
    var grid = document.querySelector("[data-wall-cards]");
    var status = document.querySelector("[data-wall-status]");
    var more = document.querySelector("[data-wall-more]");
    var fields = ["year", "group", "title", "org", "branch", "name"];
    var index = null, shards = {}, matches = [], shown = 0, run = 0;

    function state() {
      var values = {};
      fields.forEach(function (name) { values[name] = form.elements[name].value.trim(); });
      // a bookmarked branch, until the branch list has loaded
      if (!index) values.branch = values.branch || form.elements.branch.getAttribute("data-wanted") || "";
      return values;
    }

    function loadIndex() {
      if (index) return Promise.resolve(index);
      return getJSON(data + "index.json").then(function (loaded) {
        index = loaded;
        var select = form.elements.branch, wanted = select.getAttribute("data-wanted") || select.value;
        index.branches.forEach(function (branch) {
          var option = element("option", "", branch[1]);
          option.value = branch[0];
          select.appendChild(option);
        });
        select.value = wanted;
        return index;
      });
    }

    function loadYears(years) {
      return Promise.all(years.map(function (year) {
        if (!shards[year]) shards[year] = getJSON(data + year + ".json");
        return shards[year];
      }));
    }

    function honourMatches(row, values) {
      return row[6].some(function (honour) {
        return (!values.title || honour[0] === values.title) &&
          (!values.group || honour[1] === values.group) &&
          (!values.year || honour[2].indexOf(Number(values.year)) !== -1);
      });
    }

    function showMore() {
      var end = Math.min(shown + PAGE, matches.length);
      for (; shown < end; shown += 1) grid.appendChild(wallCard(matches[shown], root, index.branches));
      more.hidden = shown >= matches.length;
    }

    function apply() {
      var values = state();
      saveParams(values);
      var active = fields.some(function (name) { return values[name]; });
      grid.textContent = "";
      more.hidden = true;
      document.querySelector("[data-wall-empty]").hidden = true;
      if (!active) {
        status.textContent = "选择条件即可在全部先进典型中查找";
        return;
      }
      var mine = ++run;
      status.textContent = "正在查找…";
      loadIndex().then(function () {
        return loadYears(values.year ? [Number(values.year)] : index.years);
      }).then(function (lists) {
        if (mine !== run) return;  // a newer filter has started
        var seen = {};
        matches = [];
        lists.forEach(function (rows) {
          rows.forEach(function (row) {
            if (seen[row[0]]) return;
            var branch = index.branches[row[3]];
            if (honourMatches(row, values) && (!values.org || branch[2] === values.org) &&
                (!values.branch || branch[0] === values.branch) &&
                (!values.name || row[1].indexOf(values.name) !== -1)) {
              seen[row[0]] = true;
              matches.push(row);
            }
          });
        });
        matches.sort(function (a, b) { return a[0] - b[0]; });
        shown = 0;
        status.innerHTML = "";
        status.appendChild(document.createTextNode("共 "));
        status.appendChild(element("strong", "", String(matches.length))).setAttribute("data-wall-count", "");
        status.appendChild(document.createTextNode(" 人"));
        document.querySelector("[data-wall-empty]").hidden = matches.length > 0;
        showMore();
      }).catch(function () {
        if (mine === run) status.textContent = "筛选数据没有载入，请刷新页面再试。";
      });
    }

    var initial = params();
    fields.forEach(function (name) { if (initial[name]) form.elements[name].value = initial[name]; });
    if (initial.branch) form.elements.branch.setAttribute("data-wanted", initial.branch);
    form.elements.branch.addEventListener("focus", loadIndex);
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    more.querySelector("button").addEventListener("click", showMore);
    if (fields.some(function (name) { return initial[name]; })) apply();
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
    setupWall();
    setupPrint();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
