// Wires a page's Print button, and says on an open page that the folder's assessment
// changed (a scan, a watcher, a change made in a terminal or another browser), without
// reloading under the reader's hands.
(function () {
  "use strict";
  // A page's Print button (the policy forbids inline handlers).
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
  var source = document.body.getAttribute("data-events");
  var banner = document.getElementById("changed");
  if (!source || !banner || !window.EventSource) {
    return;
  }
  // A page answered with the assessment from before a change reloads itself when the
  // new one is ready; any other page offers to.
  var updating = document.body.hasAttribute("data-updating");
  new EventSource(source).addEventListener("changed", function () {
    if (updating) {
      window.location.reload();
    } else {
      banner.hidden = false;
    }
  });
})();
