/*
 * Reordering for the sections and references inlines: "Move up" and
 * "Move down" buttons on each row, and the rows' order boxes renumbered to
 * match the page. Without JavaScript editors type the numbers themselves;
 * either way the server numbers rows 1..n on save (articles.editing.arrange).
 */
(function () {
  "use strict";

  function rows(group) {
    return Array.prototype.filter.call(
      group.querySelectorAll(".inline-related, tr.form-row"),
      function (row) {
        return !row.classList.contains("empty-form") && row.querySelector("input.vetted-order");
      }
    );
  }

  function renumber(group) {
    var number = 1;
    rows(group).forEach(function (row) {
      var deleted = row.querySelector("input[type=checkbox][name$='-DELETE']");
      var box = row.querySelector("input.vetted-order");
      if (deleted && deleted.checked) {
        return;
      }
      box.value = number;
      number += 1;
    });
  }

  function move(row, direction) {
    var group = row.closest(".inline-group");
    var list = rows(group);
    var index = list.indexOf(row);
    var other = list[index + direction];
    if (!other) {
      return;
    }
    if (direction < 0) {
      other.parentNode.insertBefore(row, other);
    } else {
      other.parentNode.insertBefore(other, row);
    }
    renumber(group);
    row.querySelector("button.vetted-move[data-direction='" + direction + "']").focus();
  }

  function addButtons(row) {
    var box = row.querySelector("input.vetted-order");
    if (!box || row.querySelector("button.vetted-move")) {
      return;
    }
    [[-1, "Move up"], [1, "Move down"]].forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "vetted-move";
      button.setAttribute("data-direction", String(spec[0]));
      button.textContent = spec[1];
      button.addEventListener("click", function () { move(row, spec[0]); });
      box.parentNode.appendChild(button);
    });
  }

  function setUp(root) {
    root.querySelectorAll(".vetted-ordered").forEach(function (group) {
      rows(group).forEach(addButtons);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("formset:added", function (event) {
    var row = event.target;
    var group = row.closest(".inline-group");
    if (group && group.querySelector(".vetted-ordered")) {
      addButtons(row);
      renumber(group);
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches("input[type=checkbox][name$='-DELETE']")) {
      var group = event.target.closest(".inline-group");
      if (group) {
        renumber(group);
      }
    }
  });
})();
