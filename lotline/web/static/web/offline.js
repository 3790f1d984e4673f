/* lotline offline queue: scans are stored in this browser (localStorage) with a client event id
   (crypto.randomUUID) before they are sent, so a dropped network loses nothing. The queue is sent in order
   to the events API; the server's idempotency makes re-sends harmless. A refused event stays visible with the
   server's message until the operator dismisses it — nothing is dropped silently. */
(function () {
  "use strict";
  var KEY = "lotline.queue.v1";
  var RETRY_MS = 4000;
  var KEEP_SYNCED_MS = 12 * 3600 * 1000;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || []; } catch (e) { return []; }
  }
  function save(queue) {
    var now = Date.now();
    queue = queue.filter(function (e) { return e.status !== "synced" || now - e.at < KEEP_SYNCED_MS; });
    localStorage.setItem(KEY, JSON.stringify(queue));
  }
  function emit(name, detail) { document.dispatchEvent(new CustomEvent(name, { detail: detail })); }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    // crypto.randomUUID needs a secure context; plain-http LAN installs still get a v4 UUID.
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) return field.value;
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }

  function update(id, changes) {
    var queue = load(), entry = null;
    queue.forEach(function (e) { if (e.id === id) { Object.assign(e, changes); entry = e; } });
    save(queue);
    if (entry) emit("lotline:queue", entry);
    return entry;
  }

  /* Who is signed in on this page. A shared floor tablet changes hands: a scan queued by one operator is
     sent only while that operator is signed in again, or the server would record it as someone else's. */
  function currentUser() { return (document.body && document.body.dataset.user) || ""; }
  function mine(entry) { return !entry.user || entry.user === currentUser(); }

  /* Add an event to the queue and try to send it. body.event_id is set here. */
  function enqueue(screen, url, body, label) {
    body.event_id = body.event_id || newId();
    body.occurred_at = body.occurred_at || new Date().toISOString();
    var entry = { id: body.event_id, screen: screen, url: url, body: body, label: label,
                  status: "pending", message: "", at: Date.now(), user: currentUser() };
    var queue = load(); queue.push(entry); save(queue);
    emit("lotline:queue", entry);
    sync();
    return entry;
  }

  function dismiss(id) {
    save(load().filter(function (e) { return e.id !== id; }));
    emit("lotline:queue", { id: id, status: "dismissed" });
  }

  var running = false, again = false;

  function sync() {
    if (running) { again = true; return Promise.resolve(); }
    running = true;
    var work = navigator.locks ? navigator.locks.request("lotline-queue", sendAll) : sendAll();
    return work.finally(function () {
      running = false;
      if (again) { again = false; sync(); }
    });
  }

  /* Send pending events oldest first; stop at the first network failure (order matters: a consumption
     recorded before an output must reach the server before it). */
  function sendAll() {
    var pending = load().filter(function (e) { return e.status === "pending"; });
    pending.filter(function (e) { return !mine(e) && !e.waiting; }).forEach(function (e) {
      var text = (document.body.dataset.msgWaitingUser || "").split("%(user)s").join(e.user);
      update(e.id, { waiting: true, message: text });
    });
    var next = pending.filter(mine)[0];
    if (!next) { emit("lotline:online", {}); return Promise.resolve(); }
    return fetch(next.url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "Accept": "application/json" },
      body: JSON.stringify(next.body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.ok) {
          update(next.id, { status: "synced", message: data.message || "", lots: data.lots || [] });
          document.body.dispatchEvent(new CustomEvent("lotline:synced", { bubbles: true }));
          return sendAll();
        }
        if (response.status === 401 || response.status >= 500 || data.code === "csrf_failed") {
          // Not the event's fault (signed out, server trouble): keep it and try later.
          update(next.id, { message: data.message || ("HTTP " + response.status), hold: response.status });
          emit("lotline:stalled", { status: response.status, entry: next });
          return;
        }
        update(next.id, { status: "refused", message: data.message || ("HTTP " + response.status),
                          code: data.code || "" });
        return sendAll();
      });
    }, function () {
      emit("lotline:offline", { pending: pendingCount() });
    });
  }

  /* This operator's scans still to send (another operator's wait for them, see currentUser). */
  function pendingCount() { return load().filter(function (e) { return e.status === "pending" && mine(e); }).length; }

  function forScreen(screen) { return load().filter(function (e) { return e.screen === screen; }); }

  window.addEventListener("online", function () { sync(); });
  setInterval(function () { if (pendingCount()) sync(); }, RETRY_MS);

  window.LotlineQueue = { enqueue: enqueue, sync: sync, dismiss: dismiss, forScreen: forScreen,
                          pendingCount: pendingCount, newId: newId, load: load };
})();
