"use strict";
// The review page's flagged-sentence cards: "Acceptable as written" is sent
// in the background and the card is replaced in place by its accepted state,
// so the reviewer keeps their place. The server answers JSON (the card's new
// HTML, the number of sentences still open and a message). Without
// JavaScript, or if the request fails, the form is sent as an ordinary POST
// and the server sends the browser back to the card's anchor.
document.addEventListener("submit", function (event) {
  const form = event.target.closest("form[data-claim-card-form]");
  const card = form && form.closest("[data-claim-card]");
  if (!card || !window.fetch) {
    return;
  }
  event.preventDefault();
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  const status = document.getElementById("claims-status");
  // Not form.action: the form's input named "action" shadows that property.
  const url = new URL(form.getAttribute("action") || "", window.location.href);
  fetch(url, {
    method: "POST",
    body: new FormData(form),
    credentials: "same-origin",
    headers: {
      "Accept": "application/json",
      "X-CSRFToken": form.elements.csrfmiddlewaretoken.value,
    },
  })
    .then(function (response) {
      return response.json().then(function (data) {
        return { accepted: response.ok, data: data };
      });
    })
    .then(function (result) {
      const holder = document.createElement("template");
      holder.innerHTML = result.data.card.trim();
      const replacement = holder.content.firstElementChild;
      card.replaceWith(replacement);
      document.querySelectorAll("[data-open-count]").forEach(function (element) {
        element.textContent = result.data.open_count;
      });
      document.querySelectorAll("[data-open-notice]").forEach(function (element) {
        element.hidden = result.data.open_count === 0;
      });
      if (status) {
        status.textContent = result.data.message;
      }
      const reason = replacement.querySelector("textarea");
      if (!result.accepted && reason) {
        reason.focus();
      } else {
        replacement.focus({ preventScroll: true });
      }
    })
    .catch(function () {
      button.disabled = false;
      form.submit();
    });
});
