/* lotline planning: drag a work order on the board (native HTML5 drag and drop, htmx POST), and the
   dashboard charts (vendored Chart.js). No CDN, no build step. */
(function () {
  "use strict";

  function closest(target, selector) {
    return target && target.closest ? target.closest(selector) : null;
  }

  document.addEventListener("dragstart", function (e) {
    var card = closest(e.target, ".plan-card[draggable=true]");
    if (!card) return;
    e.dataTransfer.setData("text/plain", card.dataset.wo);
    e.dataTransfer.effectAllowed = "move";
    card.classList.add("dragging");
  });

  document.addEventListener("dragend", function (e) {
    var card = closest(e.target, ".plan-card");
    if (card) card.classList.remove("dragging");
  });

  document.addEventListener("dragover", function (e) {
    var cell = closest(e.target, ".plan-cell");
    if (!cell) return;
    e.preventDefault(); // allows the drop
    e.dataTransfer.dropEffect = "move";
    cell.classList.add("drop-target");
  });

  document.addEventListener("dragleave", function (e) {
    var cell = closest(e.target, ".plan-cell");
    if (cell && !cell.contains(e.relatedTarget)) cell.classList.remove("drop-target");
  });

  document.addEventListener("drop", function (e) {
    var cell = closest(e.target, ".plan-cell");
    var board = document.getElementById("board");
    if (!cell || !board) return;
    e.preventDefault();
    cell.classList.remove("drop-target");
    var number = e.dataTransfer.getData("text/plain");
    if (!number) return;
    board.setAttribute("aria-busy", "true");
    htmx.ajax("POST", board.dataset.moveUrl, {
      target: "#board",
      swap: "outerHTML",
      headers: { "X-CSRFToken": board.dataset.csrf },
      values: {
        work_order: number,
        machine: cell.dataset.machine,
        day: cell.dataset.day,
        view: board.dataset.view,
        start: board.dataset.start,
        machines: board.dataset.machines,
        site: board.dataset.site,
      },
    });
  });

  function drawCharts() {
    var source = document.getElementById("plan-charts");
    if (!source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var chart = data[canvas.dataset.chart];
      if (!chart) return;
      var stacked = canvas.dataset.stacked === "1";
      var options = { responsive: true, maintainAspectRatio: false, animation: false };
      if (canvas.dataset.type === "bar") {
        options.scales = { x: { stacked: stacked }, y: { stacked: stacked, beginAtZero: true } };
      }
      new Chart(canvas, {
        type: canvas.dataset.type,
        data: {
          labels: chart.labels,
          datasets: chart.datasets.map(function (set) {
            return { label: set.label, data: set.data.map(Number) };
          }),
        },
        options: options,
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawCharts);
  else drawCharts();
})();
