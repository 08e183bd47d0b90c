// The desk screen wipes itself: after the idle time (data-idle seconds)
// without a touch or key, it sends "Next resident", which deletes the
// resident's answers on the server as well. data-warn seconds before,
// it warns and offers to stay. The server forgets the answers after the
// same idle time even without this script.
(function () {
  "use strict";
  var body = document.body;
  var idle = parseInt(body.getAttribute("data-idle"), 10) * 1000;
  var warn = parseInt(body.getAttribute("data-warn"), 10) * 1000;
  var next = document.getElementById("desk-next");
  var box = document.getElementById("desk-idle");
  var stay = document.getElementById("desk-stay");
  if (!idle || !next || !box || !stay) {
    return;
  }
  var warnTimer, wipeTimer;
  function arm() {
    clearTimeout(warnTimer);
    clearTimeout(wipeTimer);
    box.hidden = true;
    warnTimer = setTimeout(function () { box.hidden = false; stay.focus(); }, Math.max(idle - warn, 0));
    wipeTimer = setTimeout(function () { next.submit(); }, idle);
  }
  // Staying reloads nothing: a request for this page keeps the answers
  // alive on the server too.
  stay.addEventListener("click", function () {
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" }).catch(function () {});
    arm();
  });
  ["pointerdown", "keydown", "input"].forEach(function (type) {
    document.addEventListener(type, function (e) {
      if (box.hidden || e.target === stay) {
        arm();
      }
    }, { passive: true });
  });
  // A page restored from the browser's memory by the back button may show
  // a resident who has gone: ask the server again.
  window.addEventListener("pageshow", function (e) {
    if (e.persisted) {
      window.location.reload();
    }
  });
  arm();
})();
