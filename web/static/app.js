/* Progressive enhancement on top of htmx; every page works without this file.
   Facet panels (<details>) the user opened or closed keep that state when htmx swaps in new counts. */
(function () {
  "use strict";
  var chosen = {}; // details id -> open?
  document.addEventListener("toggle", function (e) {
    var d = e.target;
    if (d.tagName === "DETAILS" && d.id) { chosen[d.id] = d.open; }
  }, true);
  function restore() {
    Object.keys(chosen).forEach(function (id) {
      var d = document.getElementById(id);
      if (d && d.open !== chosen[id]) { d.open = chosen[id]; }
    });
  }
  document.addEventListener("htmx:afterSettle", restore);
  document.addEventListener("htmx:oobAfterSwap", restore);
})();
