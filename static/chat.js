// Chat page enhancement. Without this script the chat works with plain
// form posts; with it, messages go to /api/v1/chat and replies are added
// to the transcript without reloading the page. Anything unexpected falls
// back to the plain form post, so nothing typed is lost.
(function () {
  "use strict";
  var form = document.getElementById("chat-form");
  var log = document.getElementById("transcript");
  var replies = document.getElementById("replies");
  var box = document.getElementById("chat-text");
  var errorEl = document.getElementById("chat-error");
  if (!form || !log || !replies || !box || !window.fetch) return;
  var lang = document.documentElement.lang;
  var busy = false;

  function token() {
    var input = form.querySelector("input[name=_csrf]");
    return input ? input.value : "";
  }

  function showError(text) {
    errorEl.textContent = text;
    errorEl.hidden = false;
    box.setAttribute("aria-invalid", "true");
    box.focus();
  }

  function clearError() {
    errorEl.hidden = true;
    errorEl.textContent = "";
    box.removeAttribute("aria-invalid");
  }

  // fallback posts the form the ordinary way.
  function fallback(target, choice) {
    if (choice) {
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "choice";
      hidden.value = choice;
      target.appendChild(hidden);
    }
    HTMLFormElement.prototype.submit.call(target);
  }

  function send(target, payload, choice) {
    if (busy) return;
    busy = true;
    log.setAttribute("aria-busy", "true");
    var buttons = target.querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    fetch("/api/v1/chat", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": token() },
      body: JSON.stringify(payload)
    }).then(function (res) {
      return res.json().then(function (data) { return { status: res.status, data: data }; });
    }).then(function (r) {
      busy = false;
      log.removeAttribute("aria-busy");
      buttons.forEach(function (b) { b.disabled = false; });
      if (r.status === 400 && r.data.error) {
        showError(r.data.error);
        return;
      }
      if (r.status !== 200) {
        fallback(target, choice);
        return;
      }
      if (r.data.lang !== lang) {
        // The resident writes in another language: show the whole page in it.
        window.location.assign("/" + r.data.lang + "/chat#transcript");
        return;
      }
      clearError();
      log.insertAdjacentHTML("beforeend", r.data.html);
      replies.innerHTML = r.data.replies_html;
      box.value = "";
      var last = log.lastElementChild;
      if (last && last.scrollIntoView) last.scrollIntoView({ block: "nearest" });
      box.focus();
    }).catch(function () {
      busy = false;
      fallback(target, choice);
    });
  }

  document.addEventListener("submit", function (e) {
    var target = e.target;
    if (target === form) {
      e.preventDefault();
      send(form, { lang: lang, text: box.value }, "");
      return;
    }
    if (target.classList && target.classList.contains("quick-replies")) {
      var button = e.submitter;
      if (!button || !button.value) return; // old browser: plain post
      e.preventDefault();
      send(target, { lang: lang, choice: button.value }, button.value);
    }
  });

  // Enter sends, Shift+Enter makes a new line.
  box.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit ? form.requestSubmit() : send(form, { lang: lang, text: box.value }, "");
    }
  });
})();
