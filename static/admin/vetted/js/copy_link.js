/* "Copy link" buttons: copy the value of the input named by data-copy-target. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy-target]");
    if (!button) {
      return;
    }
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.getElementById(button.getAttribute("aria-describedby"));
    input.select();
    var done = function () { if (status) { status.textContent = "Link copied."; } };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () {
        if (status) { status.textContent = "Select the link and copy it."; }
      });
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();
