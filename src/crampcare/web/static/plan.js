// A link to an option card ("#opt-ibuprofen_after_cramp") opens that card, so its reasons show at once.
// Without JavaScript the link still scrolls to the card, which opens with a tap.
(function () {
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") {
      target.open = true;
    }
  }
  window.addEventListener("hashchange", openTarget);
  document.addEventListener("DOMContentLoaded", openTarget);
})();
