/* The diary page's two helpers, in a file rather than inline so that the Content-Security-Policy can refuse
   every inline script. The template passes its values as data- attributes of this script's tag. */
(function () {
  var me = document.currentScript;
  /* The browser's named zone (not today's offset: a July time entered in winter needs July's); without it the
     server's zone is used. */
  var zone = document.getElementById("time_zone");
  if (zone) {
    try { zone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* the server's zone */ }
  }
  /* The check-in is for the browser's diary day (before the day-start hour it is still the night before), not
     the server's: a page opened without a chosen day is reloaded for it. Without script the server's day is
     used, and named on the page. */
  if (!me || !me.dataset.checkinDay) return;
  var starts = parseInt(me.dataset.dayStarts, 10);
  var shown = me.dataset.checkinDay;
  var now = new Date();
  if (now.getHours() < starts) now.setDate(now.getDate() - 1);
  var two = function (n) { return (n < 10 ? "0" : "") + n; };
  var day = now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  var query = new URLSearchParams(location.search);
  if (location.pathname === "/diary" && !query.has("day") && day !== shown) {
    query.set("day", day);
    location.replace("/diary?" + query.toString() + location.hash);
  } else if (day === shown) {
    var today = document.getElementById("c-today");
    if (today) today.hidden = false;
  }
})();
