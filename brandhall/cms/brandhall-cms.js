/* brandhall's additions to Decap CMS: start it (or say why not), preview entries in the site's
   own styles, check photos as `brandhall check` does, and show the check's messages after each
   save when running under `brandhall edit`. The configuration is admin/config.yml. */
(function () {
  "use strict";
  var LOCAL_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

  function notice(text) {
    var box = document.createElement("main");
    box.className = "bh-cms-notice";
    var title = document.createElement("h1");
    title.textContent = "表单编辑器";
    var body = document.createElement("p");
    body.textContent = text;
    box.appendChild(title);
    box.appendChild(body);
    document.body.appendChild(box);
  }

  /* Saves go to the git server of extra.brandhall.editor, or, under `brandhall edit`, to
     decap-server on this computer. Elsewhere (the intranet without a git server, a plain copy of
     site/ on this computer) the page says how to edit and asks nothing of anybody. */
  function begin(site) {
    var local = LOCAL_HOSTS.indexOf(window.location.hostname) >= 0;
    var why = "本网站还没有连接代码托管平台（Gitea 或 GitLab），暂时不能在网页上编辑。" +
              "请网站管理员按“表单编辑”说明在 mkdocs.yml 的 extra.brandhall.editor 里设置。" +
              "在自己电脑上编辑请在项目文件夹里运行 brandhall edit。";
    var elsewhere = function () { return site.remote ? start(site, false) : notice(why); };
    if (!local) return elsewhere();
    fetch("/__brandhall/status", { cache: "no-store" })
      .then(function (r) { return r.ok ? start(site, true) : elsewhere(); })
      .catch(elsewhere);
  }

  /* `underEdit`: served by `brandhall edit`, whose decap-server saves into this computer's files. */
  function start(site, underEdit) {
    registerPhotoList();
    // Markdown starts as plain text, kept exactly as written; 富文本 rewrites it (the choice sticks).
    if (window.localStorage.getItem("cms.md-mode") === null) window.localStorage.setItem("cms.md-mode", "raw");
    // A phone shows one pane (brandhall-cms.css): the form first; the eye button shows the preview.
    if (window.localStorage.getItem("cms.right-pane") === null && window.matchMedia("(max-width: 799px)").matches) {
      window.localStorage.setItem("cms.right-pane", "none");
    }
    CMS.registerPreviewStyle("../assets/brandhall.css");
    CMS.registerPreviewStyle("brandhall-cms-preview.css");
    site.stories.forEach(function (name) {
      CMS.registerPreviewTemplate(name, storyPreview(site));
    });
    site.branches.forEach(function (slug) {
      CMS.registerPreviewTemplate(slug, branchPreview(site));
    });
    CMS.registerEventListener({ name: "preSave", handler: dropEmpty });
    CMS.registerEventListener({ name: "postSave", handler: function () { checks.saved(); } });
    // branch.yml and the story files keep their comments and formatting (ES modules:
    // brandhall-yaml.js, brandhall-frontmatter.js, decap-patches.js).
    Promise.all([import("./brandhall-yaml.js"), import("./brandhall-frontmatter.js"),
                 import("./decap-patches.js")]).then(function (modules) {
      CMS.registerCustomFormat("brandhall-yaml", "yml", modules[0].branchYaml);
      CMS.registerCustomFormat("brandhall-frontmatter", "md", modules[1].storyFrontMatter);
      modules[2].patchImageWidget();
      CMS.init();
      if (underEdit) checks.poll();
    }).catch(function (error) { notice("表单编辑器的 YAML 模块读不出来：" + error); });
  }

  /* A story photo is a path or {src, caption}. Decap 3.16's list cannot hold plain strings, and a
     list of one object field keeps each item under that field's name ({photo: {src, caption}}).
     "bh-photos" is Decap's list shown through that shape; what it stores stays the model's own
     form: a photo without caption as its path, one with a caption as {src, caption}. (A value
     serializer cannot do this: Decap merges serialized lists into the old ones by appending.) */
  function registerPhotoList() {
    var list = CMS.getWidget("list");
    var PhotosControl = createClass({
      isValid: function () {
        return this.inner && this.inner.isValid ? this.inner.isValid() : true;
      },
      render: function () {
        var self = this;
        var props = this.props;
        return h(list.control, Object.assign({}, props, {
          ref: function (el) { self.inner = el; },
          value: shownPhotos(props.value),
          onChange: function (value, metadata) { props.onChange(storedPhotos(value), metadata); },
        }));
      },
    });
    CMS.registerWidget("bh-photos", PhotosControl, list.preview);
  }

  function emptyMap(list) {
    return list.toMap().clear(); // an Immutable Map; the bundle does not export Immutable
  }

  function shownPhotos(value) {
    if (!value || !value.map) return value;
    var empty = emptyMap(value);
    return value.map(function (item) {
      if (typeof item === "string") return empty.set("photo", empty.set("src", item));
      if (!item || !item.has) return empty.set("photo", empty);
      return item.has("photo") ? item : empty.set("photo", item);
    });
  }

  function storedPhotos(value) {
    if (!value || !value.map) return value;
    var empty = emptyMap(value);
    return value.map(function (item) {
      var photo = item && item.get ? item.get("photo") : null;
      if (!photo || !photo.get) return empty;
      if (photo.get("caption")) return photo;
      return photo.get("src") || photo.delete("caption");
    });
  }

  /* Story photos as {src, caption}, in either form a file may hold. */
  function storyPhotos(value) {
    if (!value || !value.toArray) return [];
    return value.toArray().filter(Boolean).map(function (item) {
      if (typeof item === "string") return { src: item };
      var photo = item.get("photo") || item;
      return { src: photo.get ? photo.get("src") : null, caption: photo.get ? photo.get("caption") : null };
    });
  }

  /* Decap writes a cleared text box as "" and an untouched new list item's empty fields as "";
     the models read "" as a wrong value, not as "not given". Drop them before the file is written. */
  function dropEmpty(event) {
    return clean(event.entry.get("data"));
  }

  function clean(value) {
    if (value && typeof value.toMap === "function" && typeof value.filter === "function") {
      var isList = typeof value.push === "function";
      var mapped = value.map(clean);
      return isList ? mapped : mapped.filter(function (v) { return v !== "" && v !== null && v !== undefined; });
    }
    return value;
  }

  /* Photos: the same formats and pixel limits as `brandhall check` (E406/E402, W405 too small). */
  function photoProblem(site, src, img, use) {
    var rules = site.rules;
    var lower = String(src || "").toLowerCase();
    if (!lower) return null;
    var okSuffix = rules.suffixes.some(function (s) { return lower.slice(-s.length) === s; });
    if (!okSuffix) return "“" + src + "”不是支持的照片格式，请使用 " + rules.suffixes.join("、");
    if (!img || !img.naturalWidth) return null;
    if (img.naturalWidth * img.naturalHeight > rules.max_pixels) return rules.too_many_pixels;
    var least = rules.min_width[use];
    if (least && img.naturalWidth < least) {
      return "照片只有 " + img.naturalWidth + " 像素宽，展示时会模糊；建议换一张至少 " + least + " 像素宽的照片";
    }
    return null;
  }

  function photoChecks(site) {
    /* Called after each render: checks the loaded pixels of every previewed photo. */
    return function (root) {
      if (!root) return;
      Array.prototype.forEach.call(root.querySelectorAll("[data-bh-src]"), function (box) {
        var img = box.querySelector("img");
        var show = function () {
          var problem = photoProblem(site, box.getAttribute("data-bh-src"), img, box.getAttribute("data-bh-use"));
          var old = box.querySelector(".bh-cms-photo-problem");
          if (old) old.remove();
          if (!problem) return;
          var note = document.createElement("p");
          note.className = "bh-cms-photo-problem";
          note.setAttribute("role", "alert");
          note.textContent = problem;
          box.appendChild(note);
        };
        if (img && !img.complete) img.addEventListener("load", show, { once: true });
        show();
      });
    };
  }

  /* The field at `names` inside `fields`, through lists' `field` and objects' `fields`. */
  function nestedField(fields, names) {
    var field = fields.find(function (f) { return f.get("name") === names[0]; });
    if (!field || names.length === 1) return field;
    var inner = field.get("field") ? field.get("field").get("fields") : field.get("fields");
    return inner ? nestedField(inner, names.slice(1)) : field;
  }

  /* widgetsFor(list) gives one {data, widgets} per item, or a single one for an empty list. */
  function items(widgets) {
    if (!widgets || (widgets.has && widgets.has("widgets"))) return [];
    return widgets.filter(Boolean);
  }

  function photo(site, src, widget, className, use) {
    return h("div", { className: className, "data-bh-src": src || "", "data-bh-use": use }, src ? widget : null);
  }

  function branchName(site, collection) {
    return site.names[collection.get("name")] || "";
  }

  /* A preview pane in the site's styles, whose photos are checked after every render. */
  function preview(site, content) {
    var check = photoChecks(site);
    return createClass({
      componentDidMount: function () { check(this.root); },
      componentDidUpdate: function () { check(this.root); },
      render: function () {
        var self = this;
        return h("div", { "data-md-color-primary": "custom", className: "md-typeset bh-cms-preview",
                          ref: function (el) { self.root = el; } }, content(this.props));
      },
    });
  }

  function storyPreview(site) {
    return preview(site, function (props) {
      var data = props.entry.get("data");
      var get = function (key) { return data.get(key); };
      var tags = (get("tags") || []).toJS ? get("tags").toJS() : [];
      var photos = storyPhotos(get("photos"));
      var srcField = nestedField(props.fields, ["photos", "src"]);
      return h("article", { className: "bh-story" },
        h("header", { className: "bh-story__head" },
          h("p", { className: "bh-hero__kicker" }, branchName(site, props.collection) + " · " + (get("date") || "")),
          h("h1", { className: "bh-story__title" }, get("title") || "（还没有标题）"),
          tags.length ? h("p", { className: "bh-tags" }, tags.map(function (t, i) {
            return h("span", { className: "bh-tag", key: i }, t);
          })) : null),
        h("div", { className: "bh-prose bh-story__body" }, props.widgetFor("body")),
        h("div", { className: "bh-gallery" }, photos.map(function (p, i) {
          var img = p.src ? h("img", { src: String(props.getAsset(p.src, srcField)), alt: p.caption || "" }) : null;
          return h("figure", { className: "bh-gallery__item", key: i },
            photo(site, p.src, img, "bh-cms-photo", "story"),
            p.caption ? h("figcaption", null, p.caption) : null);
        })));
    });
  }

  function branchPreview(site) {
    return preview(site, function (props) {
      var data = props.entry.get("data");
      var figures = items(props.widgetsFor("figures"));
      // The branch's story files, also when the sidebar does not list them (many branches).
      var stories = window.location.pathname + "#/collections/stories-" + props.entry.get("slug");
      return [
        h("p", { className: "bh-hero__kicker", key: "kicker" }, data.get("name") || ""),
        h("p", { className: "bh-cms-stories", key: "stories" },
          h("a", { href: stories, target: "_top" }, "编辑本支部的故事文件（stories/）→"), " ",
          h("a", { href: stories + "/new", target: "_top" }, "新建本支部的故事 →")),
        h("h1", { key: "brand" }, data.getIn(["brand", "name"]) || ""),
        data.getIn(["brand", "slogan"]) ? h("p", { className: "bh-motto", key: "slogan" }, data.getIn(["brand", "slogan"])) : null,
        h("h2", { className: "bh-section-title", key: "title" }, "先进典型"),
        h("div", { className: "bh-grid bh-grid--figures", key: "figures" }, figures.map(function (f, i) {
          return figureCard(site, f, i);
        })),
      ];
    });
  }

  function figureCard(site, f, key) {
    var d = function (k) { return f.getIn(["data", k]); };
    var honours = d("honours") && d("honours").toJS ? d("honours").toJS() : [];
    return h("div", { className: "bh-card bh-figure-card", key: key },
      photo(site, d("photo"), f.getIn(["widgets", "photo"]), "bh-portrait bh-cms-photo", "portrait"),
      h("div", { className: "bh-figure-card__body" },
        h("h3", { className: "bh-figure-card__name" }, d("name") || "（还没有姓名）"),
        d("post") ? h("p", { className: "bh-figure-card__post" }, d("post")) : null,
        d("joined") ? h("p", { className: "bh-figure-card__joined" }, d("joined") + "年入党") : null,
        h("ul", { className: "bh-honours" }, honours.map(function (x, i) {
          return h("li", { key: i }, h("span", { className: "bh-honours__title" }, x.title || ""), " ",
                   h("span", { className: "bh-honours__period" }, x.period || ""));
        })),
        d("motto") ? h("p", { className: "bh-motto" }, "“" + d("motto") + "”") : null));
  }

  /* Under `brandhall edit` the preview server rebuilds after every save and runs the same checks
     as `brandhall check`; show its verdict in a panel. Elsewhere there is no status to ask. */
  var checks = {
    version: null,
    waiting: false,
    panel: null,
    saved: function () { this.waiting = true; this.show("已保存，正在检查并重新生成网站…", []); },
    poll: function () {
      var self = this;
      fetch("/__brandhall/status", { cache: "no-store" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (status) {
          if (!status) return;
          var changed = self.version !== null && status.version !== self.version;
          self.version = status.version;
          if (status.errors.length) {
            self.show("检查未通过（" + status.errors.length + " 个错误），网站仍是上一次成功的版本。请按提示修改后再保存：", status.errors);
          } else if (self.waiting && changed) {
            self.waiting = false;
            self.show("检查通过，网站已重新生成。", []);
          } else if (self.panel && self.panel.classList.contains("bh-cms-check--bad")) {
            self.show("检查通过，网站已重新生成。", []);
          }
        })
        .catch(function () { /* the preview server restarts: try again */ })
        .then(function () { window.setTimeout(function () { self.poll(); }, 500); });
    },
    show: function (title, errors) {
      if (!this.panel) {
        this.panel = document.createElement("section");
        this.panel.setAttribute("role", "status");
        this.panel.setAttribute("aria-live", "polite");
        document.body.appendChild(this.panel);
      }
      this.panel.className = "bh-cms-check" + (errors.length ? " bh-cms-check--bad" : "");
      this.panel.textContent = "";
      var head = document.createElement("p");
      head.textContent = title;
      this.panel.appendChild(head);
      if (errors.length) {
        var list = document.createElement("ol");
        errors.forEach(function (text) {
          var item = document.createElement("li");
          item.textContent = text;
          list.appendChild(item);
        });
        this.panel.appendChild(list);
      }
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "关闭";
      var panel = this.panel;
      close.addEventListener("click", function () { panel.hidden = true; });
      this.panel.appendChild(close);
      this.panel.hidden = false;
    },
  };

  fetch("brandhall.json", { cache: "no-store" })
    .then(function (r) { return r.json(); })
    .then(begin)
    .catch(function (error) { notice("表单编辑器的配置读不出来：" + error); });
})();
