/* lotline, every page. A refusal comes back as 422 with a partial that says why: htmx swaps it like a
   success. Any other failed htmx request is said out loud instead of doing nothing: a plain-text answer (a
   busy database's 503) is shown as it is, anything else gets a short generic message. Loaded with defer
   after htmx, so htmx is there; a script at the end of <body> runs before deferred ones and would not see it. */
(function () {
  "use strict";
  if (window.htmx) {
    htmx.config.responseHandling = [
      { code: "204", swap: false }, { code: "[23]..", swap: true }, { code: "422", swap: true },
      { code: "[45]..", swap: false, error: true }, { code: "...", swap: false },
    ];
  }
  function show(text) {
    var main = document.querySelector("main");
    if (!main) return;
    var box = document.getElementById("request-problem");
    if (!box) {
      box = document.createElement("ul");
      box.id = "request-problem";
      box.className = "messages";
      main.insertBefore(box, main.firstChild);
    }
    box.innerHTML = "";
    var item = document.createElement("li");
    item.className = "msg error";
    item.setAttribute("role", "alert");
    item.textContent = text;
    box.appendChild(item);
  }
  document.addEventListener("htmx:responseError", function (ev) {
    var xhr = ev.detail.xhr, type = xhr.getResponseHeader("Content-Type") || "";
    var text = type.indexOf("text/plain") === 0 && xhr.responseText.length < 1000 ? xhr.responseText : "";
    show(text || document.body.dataset.msgFailed.replace("%s", xhr.status));
  });
  document.addEventListener("htmx:sendError", function () { show(document.body.dataset.msgUnreachable); });
  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("request-problem");
    if (box) box.remove();
  });
})();
