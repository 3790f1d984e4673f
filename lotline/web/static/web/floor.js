/* lotline floor screens: wires the scan field to what the screen does with a scan. */
(function () {
  "use strict";
  var S = window.LotlineScan, Q = window.LotlineQueue;
  var screen = document.getElementById("scan-screen");
  window.lotlineTimings = window.lotlineTimings || [];

  S.attachFormFields(document);
  // Partials that carry a verdict (lookup, receiving) give the same sound and vibration as scans.
  document.body.addEventListener("htmx:afterSwap", function (e) {
    S.attachFormFields(e.target);
    var verdict = e.target.querySelector("[data-feedback]");
    // The bar says the verdict in words (data-message); partials without one leave its text as it is.
    if (verdict) S.feedback(verdict.dataset.feedback === "ok" ? "ok" : "error", verdict.dataset.message);
    // Back to the scan field — unless the operator is typing elsewhere (a quantity): a progress list that
    // refreshes after a sync would otherwise steal the focus mid-number and the digits land in the scan.
    var scan = document.getElementById("scan"), active = document.activeElement;
    var typing = active && active !== scan && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName);
    if (scan && !typing) scan.focus();
  });
  // The receiving form shows the chosen item's unit next to the quantity.
  document.addEventListener("change", function (e) {
    var select = e.target;
    if (!select.form || select.name !== "item" || select.form.id !== "receive-form") return;
    var qtyField = select.form.elements.quantity, unit = document.getElementById("quantity-unit");
    if (!qtyField || !unit) return;
    try { unit.textContent = JSON.parse(qtyField.dataset.units || "{}")[select.value] || ""; }
    catch (err) { unit.textContent = ""; }
  });
  // A verdict the server already gave with the page (an unknown work order) sounds like a scan's.
  var startBanner = document.getElementById("banner");
  if (startBanner && startBanner.dataset.announce) S.feedback(startBanner.dataset.state, undefined);
  if (!screen) return;

  var mode = screen.dataset.mode;
  var input = document.getElementById("scan");
  var qty = document.getElementById("scan-qty");
  var box = document.querySelector(".scan-box");
  var list = document.getElementById("queue-list");
  var started = {};   // event id → performance.now() at the scan

  function takeQuantity() {
    if (!qty) return undefined;
    var v = qty.value.trim().replace(",", ".");
    qty.value = "";
    return v ? v : undefined;
  }

  function queueScan(text, t0) {
    var body, label = text.replace(/\x1d/g, "<GS>");
    var quantity = takeQuantity();
    if (mode === "consume") {
      body = { work_order: screen.dataset.workOrder, lot: text };
      if (quantity) body.quantity = quantity;
    } else {
      var line = { lot: text };
      if (quantity) line.quantity = quantity;
      body = { customer: screen.dataset.customer, document: screen.dataset.document, lines: [line] };
    }
    body.event_id = Q.newId();
    started[body.event_id] = t0;
    S.feedback("pending", screen.dataset.msgSending);
    Q.enqueue(screen.dataset.screen, screen.dataset.api, body, quantity ? label + " × " + quantity : label);
  }

  function onScan(text, t0) {
    if (mode === "lookup") {
      htmx.ajax("GET", screen.dataset.resultUrl + "?scan=" + encodeURIComponent(text), { target: "#lookup-result" });
    } else if (mode === "pick-work-order") {
      window.location.search = "?scan=" + encodeURIComponent(text.trim());
    } else {
      queueScan(text, t0);
    }
    if (input) input.focus();
  }

  if (input) S.attach(input, onScan);
  if (box && input) S.attachCamera(box, onScan, { insecure: box.dataset.msgInsecure, denied: box.dataset.msgDenied });

  /* ---- the queue as the operator sees it ---- */
  function render() {
    if (!list) return;
    var labels = list.dataset;
    var entries = Q.forScreen(list.dataset.screen).slice().reverse().slice(0, 60);
    list.innerHTML = "";
    var shownSynced = 0;
    entries.forEach(function (e) {
      var li = document.createElement("li");
      // Pending and refused scans always show; of the recorded ones only the latest few.
      li.className = "q-" + e.status + (e.status === "synced" && ++shownSynced > 5 ? " q-old" : "");
      li.dataset.eventId = e.id;
      var status = document.createElement("span"); status.className = "q-status";
      status.textContent = { pending: labels.labelPending, synced: labels.labelSynced, refused: labels.labelRefused }[e.status];
      var what = document.createElement("span"); what.className = "q-label"; what.textContent = e.label;
      li.appendChild(status); li.appendChild(what);
      if (e.message) { var m = document.createElement("div"); m.className = "q-message"; m.textContent = e.message; li.appendChild(m); }
      if (e.status === "refused") {
        var b = document.createElement("button"); b.type = "button"; b.className = "secondary q-dismiss";
        b.textContent = labels.labelDismiss; b.addEventListener("click", function () { Q.dismiss(e.id); });
        li.appendChild(b);
      }
      list.appendChild(li);
    });
    var net = document.getElementById("net-state");
    if (net) net.textContent = Q.pendingCount() ? "(" + Q.pendingCount() + " " + labels.labelPending + ")" : "";
  }

  document.addEventListener("lotline:queue", function (ev) {
    var e = ev.detail;
    render();
    if (!(e.id in started)) return;
    if (e.status === "synced") {
      if (started[e.id] !== null) window.lotlineTimings.push(performance.now() - started[e.id]);
      delete started[e.id];
      S.feedback("ok", e.message);
    } else if (e.status === "refused") {
      var live = started[e.id] !== null;
      delete started[e.id];
      S.feedback("error", e.message);
      // Refused at once, while the operator watched the bar: it said why, the device list need not keep it.
      // A refusal of a scan that waited offline (no clock any more) stays in the list until dismissed.
      if (live) Q.dismiss(e.id);
    }
  });
  document.addEventListener("lotline:offline", function () {
    if (Object.keys(started).length) S.feedback("pending", screen.dataset.msgOffline);
    // A confirmation that arrives after a network gap says nothing about speed: keep the entry, drop the clock.
    Object.keys(started).forEach(function (id) { started[id] = null; });
    render();
  });
  document.addEventListener("lotline:stalled", function (ev) {
    if (ev.detail.status === 401 || ev.detail.status === 403) S.feedback("error", screen.dataset.msgSignin);
    else if (ev.detail.status >= 500) S.feedback("pending", screen.dataset.msgBusy);
    Object.keys(started).forEach(function (id) { started[id] = null; });
    render();
  });
  render();
  Q.sync();

  /* ---- output of a work order ---- */
  var produce = document.getElementById("produce-form");
  if (produce) {
    produce.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var quantity = produce.elements.quantity.value.trim().replace(",", ".");
      if (!quantity) return;
      var body = { work_order: screen.dataset.workOrder, quantity: quantity, machine: produce.elements.machine.value,
                   event_id: Q.newId() };
      started[body.event_id] = performance.now();
      S.feedback("pending", screen.dataset.msgSending);
      Q.enqueue(screen.dataset.screen, produce.dataset.api, body, "→ " + quantity);
      produce.elements.quantity.value = "";
      input.focus();
    });
  }
})();
