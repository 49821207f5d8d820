"use strict";
// A button with data-confirm asks before its form is sent (Request changes,
// Withdraw, Unpublish). Without JavaScript the form is sent as before.
document.addEventListener("click", function (event) {
  const button = event.target.closest("button[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});
