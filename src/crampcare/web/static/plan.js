// A link to an option card ("#opt-ibuprofen_after_cramp") opens that card and the group it sits in, so its
// reasons show at once. Without JavaScript the browser still opens a closed group for a link into it.
// "Open all reasons" opens every card (a GP reads them all); printing opens the plan's sections too.
(function () {
  function openWithParents(el) {
    for (var node = el; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") {
        node.open = true;
      }
    }
  }
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target) {
      openWithParents(target);
      target.scrollIntoView();
    }
  }
  function setAll(open) {
    document.querySelectorAll("main details").forEach(function (d) {
      d.open = open;
    });
  }
  function ready() {
    openTarget();
    // On a desk-sized screen what was entered sits beside the decisions, open; on a phone it waits, closed.
    var entered = document.getElementById("entered");
    if (entered && window.matchMedia("(min-width: 64rem)").matches) {
      entered.open = true;
    }
    var button = document.getElementById("expand-all");
    if (!button) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-pressed") !== "true";
      setAll(open);
      button.setAttribute("aria-pressed", open ? "true" : "false");
      button.textContent = open ? button.dataset.close : button.dataset.open;
    });
  }
  window.addEventListener("hashchange", openTarget);
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("main details:not(.group):not(.option)").forEach(function (d) {
      d.open = true;
    });
  });
  document.addEventListener("DOMContentLoaded", ready);
})();
