/* brandhall serve: reload the page when the site was rebuilt, and show build errors on top of
   the page until they are fixed. Only the local preview serves this file. */
(function () {
  "use strict";
  // The form editor (admin/) must not reload while an editor types; it shows the errors itself.
  if (document.documentElement.hasAttribute("data-brandhall-no-reload")) return;
  var version = null;
  var overlay = null;

  function showErrors(errors) {
    if (!errors.length) {
      if (overlay) overlay.remove();
      overlay = null;
      return;
    }
    if (!overlay) {
      overlay = document.createElement("section");
      overlay.className = "bh-preview-errors";
      overlay.setAttribute("role", "alert");
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var title = document.createElement("h2");
    title.textContent = "有 " + errors.length + " 个错误，预览仍显示上一次成功的版本。修改后保存即可自动重试：";
    overlay.appendChild(title);
    var list = document.createElement("ol");
    errors.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
    overlay.appendChild(list);
  }

  function poll() {
    fetch("/__brandhall/status", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (version !== null && status.version !== version) {
          window.location.reload();
          return;
        }
        version = status.version;
        showErrors(status.errors);
      })
      .catch(function () { /* the preview server restarts: try again */ })
      .then(function () { window.setTimeout(poll, 250); });
  }

  poll();
})();
