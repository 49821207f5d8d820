/*
 * Live preview for the Markdown editors (django-markdownx widgets).
 *
 * The preview HTML comes from the server's markdownify endpoint, which runs
 * the same sanitising renderer as the public page. One delegated listener
 * serves every editor, including section rows added after the page loaded
 * (markdownx's own script only binds the editors present at load time).
 */
(function () {
  "use strict";
  var DELAY_MS = 400;
  var timers = new WeakMap();

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function previewFor(editor) {
    var wrapper = editor.closest(".markdownx");
    return wrapper ? wrapper.querySelector(".markdownx-preview") : null;
  }

  function render(editor) {
    var preview = previewFor(editor);
    var url = editor.getAttribute("data-markdownx-urls-path");
    if (!preview || !url || editor.name.indexOf("__prefix__") !== -1) {
      return;
    }
    var body = new FormData();
    body.append("content", editor.value);
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() }
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("Preview unavailable (" + response.status + ")");
        }
        return response.text();
      })
      .then(function (html) {
        preview.innerHTML = html;
        preview.removeAttribute("data-error");
      })
      .catch(function (error) {
        preview.textContent = error.message;
        preview.setAttribute("data-error", "");
      });
  }

  function schedule(editor) {
    clearTimeout(timers.get(editor));
    timers.set(editor, setTimeout(function () { render(editor); }, DELAY_MS));
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("textarea.markdownx-editor")) {
      schedule(event.target);
    }
  });

  function renderAll(root) {
    root.querySelectorAll("textarea.markdownx-editor").forEach(function (editor) {
      var preview = previewFor(editor);
      if (preview) {
        preview.setAttribute("aria-live", "polite");
        preview.setAttribute("aria-label", "Preview");
      }
      render(editor);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { renderAll(document); });
  document.addEventListener("formset:added", function (event) { renderAll(event.target); });
})();
