// The summary's print button: shown only when scripts run, since printing
// from a page needs them; without, the hint names the browser's menu.
(function () {
  "use strict";
  var button = document.querySelector("[data-print]");
  if (!button || typeof window.print !== "function") {
    return;
  }
  button.hidden = false;
  var hint = document.querySelector("[data-print-hint]");
  if (hint) {
    hint.hidden = true;
  }
  button.addEventListener("click", function () {
    window.print();
  });
})();
