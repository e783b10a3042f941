/* brandhall: the site search. Over http(s) it asks Pagefind's chunked index (pagefind/), which
   fetches only the parts a query needs; over file:// (an offline copy, where a browser lets no page
   fetch files) it searches the embedded index search/offline.js in the page. A Traditional query
   is turned into Simplified first (search/t2s.json, the site's own characters), and the query is
   kept in the URL (?q=), so a search can be bookmarked. Each form says which section it searches:
   "content" (branches, figures, stories, about: the index in pagefind/) or "guide" (the editors'
   and admins' guides: their own small index in search/guide/). */
(function () {
  "use strict";

  var SHOWN = 10;
  var KINDS = [[/\/figures\//, "先进典型"], [/\/stories\//, "典型故事"], [/^\/?branches\/[^/]+\/(index\.html)?$/, "支部品牌"],
    [/guide\//, "指南"]];

  function absolute(root, path) { return new URL(root + path, window.location.href).href; }

  function loadScript(src) {
    return new Promise(function (done, fail) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = done;
      script.onerror = fail;
      document.head.appendChild(script);
    });
  }

  function escapeHTML(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* Pagefind splits a Chinese query with the browser's word segmenter (Intl.Segmenter), whose
     dictionary is not the one the index was cut with: 郭振华 becomes 郭 + 振华 and finds nothing,
     though the index holds 郭振华 as one word. So each query is searched twice, as the browser
     cuts it and as one word (a prefix of an index word), and the whole-word hits come first.
     The second cut is handed to Pagefind through a wrapper of Intl.Segmenter that returns the
     given words for exactly the query strings registered in `forced`, and defers otherwise. */
  var forced = {};

  function forceSegments() {
    var Original = window.Intl && Intl.Segmenter;
    if (!Original || Original.bhForced) return;
    function Segmenter(locale, options) {
      this.inner = new Original(locale, options);
      this.word = Boolean(options && options.granularity === "word");
    }
    Segmenter.prototype.segment = function (text) {
      if (this.word && Object.prototype.hasOwnProperty.call(forced, text)) {
        return forced[text].map(function (word) { return { segment: word, isWordLike: true }; });
      }
      return this.inner.segment(text);
    };
    Segmenter.prototype.resolvedOptions = function () { return this.inner.resolvedOptions(); };
    Segmenter.supportedLocalesOf = Original.supportedLocalesOf;
    Segmenter.bhForced = true;
    Intl.Segmenter = Segmenter;
  }

  /* Pagefind's excerpts put a space between the words it cut; Chinese is written without. */
  var CJK = "[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2018-\u201f]";
  var CUT = new RegExp("(" + CJK + ")((?:</?mark>)*)\\s+((?:</?mark>)*)(?=" + CJK + ")", "g");

  function joinWords(excerpt) { return excerpt.replace(CUT, "$1$2$3").replace(CUT, "$1$2$3"); }

  var BUNDLES = { content: "pagefind/", guide: "search/guide/" };

  /* Pagefind: loaded on the first query. Its result URLs start at the site root. */
  function pagefindEngine(root, section) {
    var bundle = BUNDLES[section] || BUNDLES.content;
    var ready = null;
    function load() {
      if (!ready) {
        ready = Promise.all([
          import(absolute(root, bundle + "pagefind.js")),
          fetch(absolute(root, "search/t2s.json")).then(function (r) { return r.json(); }),
        ]).then(function (loaded) {
          var pagefind = loaded[0];
          return pagefind.options({
            basePath: new URL(absolute(root, bundle)).pathname,
            baseUrl: new URL(absolute(root, "")).pathname,
            excerptLength: 36,
            noWorker: true,  // in the page, where the Intl.Segmenter wrapper is (see forceSegments)
            // Names and titles first: a page whose title holds the query outranks a long page
            // that mentions it often.
            ranking: { termFrequency: 0.6, pageLength: 0.5, termSaturation: 1.2 },
          }).then(function () { return pagefind.init(); })
            .then(function () { return { pagefind: pagefind, t2s: loaded[1] }; });
        });
      }
      return ready;
    }
    /* Nothing found either way: the index cut a word of the query differently again (暖人心 as
       暖 + 人心). Search the first character of each of the browser's words, which every index word
       there starts with, and put first the pages whose title or excerpt holds the whole query. */
    function loose(engine, text) {
      var words = [];
      var Original = Intl.Segmenter;
      for (var part of new Original("zh", { granularity: "word" }).segment(text)) {
        if (part.isWordLike) words.push(part.segment.charAt(0));
      }
      if (words.length < 2) return [];
      var key = text + "  ";
      forced[key] = words;
      return engine.pagefind.search(key).then(function (one) {
        return Promise.all(one.results.slice(0, 50).map(function (result) { return loader(result)(); }));
      }).then(function (all) {
        var plain = function (html) { return html.replace(/<[^>]+>|\s/g, ""); };
        var whole = all.filter(function (r) { return plain(r.title + r.excerpt).indexOf(text) !== -1; });
        return whole.map(function (r) { return function () { return Promise.resolve(r); }; });
      });
    }

    /* A page whose title holds the whole query (a name: 郑国强, or 鄭國強 written in Traditional)
       goes first among the first results, whatever the index's cut made of the name. */
    function titlesFirst(loaders, text, t2s) {
      var head = loaders.slice(0, SHOWN);
      return Promise.all(head.map(function (load) { return load(); })).then(function (shown) {
        var ranked = shown.map(function (result, i) {
          return { result: result, i: i, title: simplify(result.title, t2s).indexOf(text) !== -1 ? 0 : 1 };
        }).sort(function (a, b) { return a.title - b.title || a.i - b.i; });
        return ranked.map(function (r) { return function () { return Promise.resolve(r.result); }; })
          .concat(loaders.slice(SHOWN));
      });
    }

    function loader(result) {
      return function () {
        return result.data().then(function (data) {
          return { url: data.url, title: data.meta.title || data.url, excerpt: joinWords(data.excerpt) };
        });
      };
    }
    return {
      search: function (query) {
        return load().then(function (engine) {
          var text = simplify(query, engine.t2s);
          var variants = [text];
          if (!/\s/.test(text)) {
            forced[text + " "] = [text];  // the same query, as one word, searched first
            variants.unshift(text + " ");
          }
          // one after the other: Pagefind loads the chunks a search needs as it goes
          var found = [];
          return variants.reduce(function (done, variant) {
            return done.then(function () {
              return engine.pagefind.search(variant).then(function (one) { found.push(one); });
            });
          }, Promise.resolve()).then(function () {
            var seen = {}, results = [];
            found.forEach(function (one) {
              one.results.forEach(function (result) {
                if (seen[result.id]) return;
                seen[result.id] = true;
                results.push(result);
              });
            });
            return results.length ? titlesFirst(results.map(loader), text, engine.t2s) : loose(engine, text);
          });
        });
      },
    };
  }

  /* The offline copy: every indexed page's text is in search/offline.js; a page matches when it
     holds every word of the query. */
  function offlineEngine(root) {
    var ready = null;
    function load() {
      if (!ready) ready = loadScript(absolute(root, "search/offline.js")).then(function () { return window.bhOfflineSearch; });
      return ready;
    }
    function excerpt(text, terms) {
      var at = Math.max(0, text.indexOf(terms[0]) - 24);
      var part = (at > 0 ? "…" : "") + text.slice(at, at + 72) + (at + 72 < text.length ? "…" : "");
      var marked = escapeHTML(part);
      terms.forEach(function (term) { marked = marked.split(escapeHTML(term)).join("<mark>" + escapeHTML(term) + "</mark>"); });
      return marked;
    }
    return {
      search: function (query, section) {
        return load().then(function (index) {
          var terms = simplify(query, index.t2s).split(/\s+/).filter(Boolean);
          var hits = [];
          index.pages.forEach(function (page) {
            if (page.s !== section) return;
            var title = page.t, body = page.x;
            if (!terms.every(function (term) { return body.indexOf(term) !== -1; })) return;
            var score = terms.reduce(function (sum, term) {
              return sum + (title === term ? 1000 : 0) + (title.indexOf(term) !== -1 ? 100 : 0) + body.split(term).length - 1;
            }, 0);
            hits.push({ score: score, page: page });
          });
          hits.sort(function (a, b) { return b.score - a.score; });
          return hits.map(function (hit) {
            return function () {
              return Promise.resolve({ url: absolute(root, hit.page.u), title: hit.page.t, excerpt: excerpt(hit.page.x, terms) });
            };
          });
        });
      },
    };
  }

  function simplify(query, t2s) {
    return query.split("").map(function (c) { return t2s[c] || c; }).join("");
  }

  function kindOf(url) {
    var path = new URL(url, window.location.href).pathname;
    for (var i = 0; i < KINDS.length; i += 1) if (KINDS[i][0].test(path)) return KINDS[i][1];
    return "页面";
  }

  function setupSearch(form) {
    if (form.hasAttribute("data-ready")) return;
    form.setAttribute("data-ready", "");
    var section = form.getAttribute("data-search");
    var root = form.getAttribute("data-site-root");
    var input = form.querySelector("input");
    var box = form.parentNode;
    var status = box.querySelector("[data-search-status]");
    var list = box.querySelector("[data-search-results]");
    var more = box.querySelector("[data-search-more]");
    var engine = window.location.protocol === "file:" ? offlineEngine(root) : pagefindEngine(root, section);
    var pending = [], run = 0, timer = null;

    function keep(query) {
      var url = new URL(window.location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      history.replaceState(null, "", url.pathname + url.search + url.hash);
    }

    function item(result) {
      var li = document.createElement("li");
      li.className = "bh-search__result";
      var kind = document.createElement("p");
      kind.className = "bh-search__kind";
      kind.textContent = kindOf(result.url);
      var link = document.createElement("a");
      link.className = "bh-search__link";
      link.href = result.url;
      link.textContent = result.title;
      var text = document.createElement("p");
      text.className = "bh-search__excerpt";
      text.innerHTML = result.excerpt;  // Pagefind's excerpt: the page's text, escaped, with <mark>
      li.appendChild(kind);
      li.appendChild(link);
      li.appendChild(text);
      return li;
    }

    function showMore(mine, fresh) {
      var next = pending.splice(0, SHOWN);
      return Promise.all(next.map(function (load) { return load(); })).then(function (results) {
        if (mine !== run) return;
        if (fresh) list.textContent = "";
        results.forEach(function (result) { list.appendChild(item(result)); });
        more.hidden = pending.length === 0;
      });
    }

    function search() {
      var query = input.value.trim();
      var mine = ++run;
      keep(query);
      if (!query) {
        list.textContent = "";
        status.textContent = "";
        more.hidden = true;
        return;
      }
      status.textContent = "正在搜索…";
      engine.search(query, section).then(function (loaders) {
        if (mine !== run) return null;
        var count = loaders.length;
        pending = loaders.slice();
        return showMore(mine, true).then(function () {
          // after the first results are drawn, so the count never runs ahead of them
          if (mine === run) status.textContent = count ? "找到 " + count + " 个结果" : "没有找到“" + query + "”，换个词试试";
        });
      }).catch(function () {
        if (mine === run) status.textContent = "搜索没有载入，请刷新页面再试。";
      });
    }

    // "input" comes for typing, pasting and dropping text alike; during Chinese input (IME
    // composition) it waits for the finished characters.
    input.addEventListener("input", function (event) {
      if (event.isComposing) return;
      status.textContent = input.value.trim() ? "正在搜索…" : "";
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 120);
    });
    input.addEventListener("compositionend", function () { window.setTimeout(search, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); search(); });
    more.querySelector("button").addEventListener("click", function () { showMore(run, false); });
    var initial = new URL(window.location.href).searchParams.get("q");
    if (initial) {
      input.value = initial;
      search();
    }
  }

  function setup() {
    forceSegments();
    document.querySelectorAll("form[data-search]").forEach(setupSearch);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
