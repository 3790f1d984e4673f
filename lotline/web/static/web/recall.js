/* Recall desk: scan fields, the lazily expanded genealogy tree, the cytoscape graph, the drill chart.
   Large traces stay usable: the tree renders a node's children only when it is opened (and 200 at a time),
   the graph collapses to one node per item and level beyond GRAPH_MAX_LOTS lots. */
(function () {
  "use strict";
  var GRAPH_MAX_LOTS = 300;
  var GRAPH_MAX_FAN = 15;        // more lots of one item at one depth than this: draw them as one node
  var MAX_FIT_ZOOM = 1.5, MIN_READABLE_ZOOM = 0.6;
  var PAGE = 200;
  var STATUS_COLOURS = {released: "#17803d", on_hold: "#c62828", quarantined: "#b26a00", recalled: "#6a1b9a"};

  // Keyboard-wedge scanners send the GS1 group separator as Ctrl+]; browsers drop it, so put it back.
  document.querySelectorAll("input[data-scan]").forEach(function (input) {
    input.addEventListener("keydown", function (e) {
      if (e.ctrlKey && e.code === "BracketRight") {
        e.preventDefault();
        var s = input.selectionStart, t = input.selectionEnd;
        input.value = input.value.slice(0, s) + "\x1d" + input.value.slice(t);
        input.selectionStart = input.selectionEnd = s + 1;
      }
    });
  });

  var dataNode = document.getElementById("trace-data");
  if (dataNode) { setUpTrace(JSON.parse(dataNode.textContent)); }
  var chartNode = document.getElementById("drill-chart-data");
  if (chartNode) { drawDrillChart(JSON.parse(chartNode.textContent)); }

  function index(trace) {
    var lots = {}, next = {};
    trace.lots.forEach(function (r) { lots[r[0]] = {id: r[0], number: r[1], item: r[2], status: r[3], depth: r[4]}; });
    trace.links.forEach(function (l) {
      var near = trace.direction === "backward" ? l[1] : l[0];
      var far = trace.direction === "backward" ? l[0] : l[1];
      // The server sends one link per parent and child (partial consumptions merged, quantities summed).
      (next[near] = next[near] || []).push({id: far, ambiguous: !!l[2], wo: l[3], qty: l[4] || ""});
    });
    return {lots: lots, next: next};
  }

  function setUpTrace(data) {
    var labels = data.labels;
    document.querySelectorAll(".tree[data-tree]").forEach(function (box) {
      var idx = index(data[box.dataset.tree]);
      var ul = document.createElement("ul");
      ul.className = "tree-root";
      ul.appendChild(treeNode(idx, data.root, null, labels, true));
      box.appendChild(ul);
    });
    var show = document.getElementById("graph-show");
    if (show) { show.addEventListener("click", function () { drawGraph(data); }); }
    var group = document.getElementById("graph-group");
    if (group) { group.addEventListener("change", function () { group.dataset.chosen = "1"; }); }
  }

  function treeNode(idx, id, via, labels, open) {
    var lot = idx.lots[id];
    var li = document.createElement("li");
    li.className = "tree-node";
    var kids = idx.next[id] || [];
    var head = document.createElement("span");
    head.className = "tree-head";
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "tree-toggle";
    toggle.textContent = kids.length ? "+" : "·";
    toggle.disabled = !kids.length;
    toggle.setAttribute("aria-label", labels.expand);
    var link = document.createElement("a");
    link.href = "../" + encodeURIComponent(lot.number) + "/";
    link.textContent = lot.number;
    link.className = "lot-chip " + lot.status;
    head.appendChild(toggle);
    head.appendChild(link);
    head.appendChild(document.createTextNode(" " + lot.item + (kids.length ? " (" + kids.length + ")" : "")));
    if (via && via.qty) {
      var qty = document.createElement("span");
      qty.className = "tree-qty";
      qty.textContent = " · " + via.qty;
      head.appendChild(qty);
    }
    if (via && via.ambiguous) {
      var amb = document.createElement("span");
      amb.className = "amb";
      amb.textContent = " " + labels.ambiguous + " (" + via.wo + ")";
      head.appendChild(amb);
    }
    li.appendChild(head);
    var childList = null;
    function expand() {
      if (childList) { childList.hidden = !childList.hidden; toggle.textContent = childList.hidden ? "+" : "−"; return; }
      childList = document.createElement("ul");
      li.appendChild(childList);
      renderPage(0);
      toggle.textContent = "−";
    }
    function renderPage(start) {
      kids.slice(start, start + PAGE).forEach(function (k) { childList.appendChild(treeNode(idx, k.id, k, labels, false)); });
      if (kids.length > start + PAGE) {
        var more = document.createElement("button");
        more.type = "button";
        more.className = "secondary tree-more";
        more.textContent = labels.more + " (" + (kids.length - start - PAGE) + ")";
        more.addEventListener("click", function () { more.remove(); renderPage(start + PAGE); });
        childList.appendChild(more);
      }
    }
    toggle.addEventListener("click", expand);
    if (open && kids.length) { expand(); }
    return li;
  }

  var cy = null;
  function drawGraph(data) {
    var dir = document.querySelector("input[name=graph-dir]:checked").value;
    var trace = data[dir];
    // Collapsed by item and level when the user ticks it, when the trace is too big to draw lot by lot,
    // or — unless the user unticked it — when one item fans out into more lots than a column can show.
    var group = document.getElementById("graph-group");
    var grouped = group.checked || trace.lots.length > GRAPH_MAX_LOTS ||
      (!group.dataset.chosen && largestGroup(trace) > GRAPH_MAX_FAN);
    group.checked = grouped;
    var box = document.getElementById("graph");
    box.hidden = false;
    var elements = grouped ? groupedElements(trace, data.labels) : lotElements(trace, data.root);
    if (cy) { cy.destroy(); }
    cy = window.cytoscape({
      container: box,
      elements: elements,
      minZoom: 0.1, maxZoom: 3,
      style: [
        {selector: "node", style: {"label": "data(label)", "font-size": 10, "text-valign": "center", "color": "#fff",
          "background-color": "data(colour)", "shape": "round-rectangle",
          "width": function (n) { return 6.2 * String(n.data("label")).length + 8; }, "height": 22,
          "padding": 6, "text-outline-width": 0}},
        {selector: "node.root", style: {"border-width": 3, "border-color": "#12263f"}},
        {selector: "edge", style: {"width": 1.5, "curve-style": "bezier", "target-arrow-shape": "triangle",
          "line-color": "#8795a1", "target-arrow-color": "#8795a1"}},
        {selector: "edge.ambiguous", style: {"line-style": "dashed", "line-color": "#b26a00",
          "target-arrow-color": "#b26a00"}}
      ],
      layout: {name: "dagre", rankDir: "LR", nodeSep: 12, rankSep: 50, animate: false}
    });
    // A one-lot graph fitted to the box would be drawn huge, a wide one too small to read: keep the zoom
    // where 10 px labels stay legible, centred on the lot the page is about; the user pans and zooms.
    if (cy.zoom() > MAX_FIT_ZOOM) { cy.zoom(MAX_FIT_ZOOM); cy.center(); }
    else if (cy.zoom() < MIN_READABLE_ZOOM) { cy.zoom(MIN_READABLE_ZOOM); cy.center(cy.nodes(".root")); }
    cy.on("tap", "node", function (e) {
      var n = e.target.data("number");
      if (n) { window.location.href = "../" + encodeURIComponent(n) + "/"; }
    });
    box.dataset.nodes = String(cy.nodes().length);
    box.dataset.edges = String(cy.edges().length);
    box.dataset.dashed = String(cy.edges(".ambiguous").length);
  }

  /* The most lots of one item at one depth: a coil cut into 50 cartons draws 50 nodes in one column. */
  function largestGroup(trace) {
    var counts = {}, most = 0;
    trace.lots.forEach(function (r) {
      var key = r[4] + "-" + r[2];
      counts[key] = (counts[key] || 0) + 1;
      if (counts[key] > most) { most = counts[key]; }
    });
    return most;
  }

  function lotElements(trace, root) {
    var els = trace.lots.map(function (r) {
      return {group: "nodes", classes: r[0] === root ? "root" : "",
              data: {id: "l" + r[0], label: r[1] + " · " + r[2], number: r[1], colour: STATUS_COLOURS[r[3]] || "#5f6b76"}};
    });
    trace.links.forEach(function (l) {
      els.push({group: "edges", classes: l[2] ? "ambiguous" : "", data: {id: "e" + l[0] + "-" + l[1], source: "l" + l[0], target: "l" + l[1]}});
    });
    return els;
  }

  function groupedElements(trace, labels) {
    var groupOf = {}, groups = {}, edges = {};
    trace.lots.forEach(function (r) {
      var key = "g" + r[4] + "-" + r[2];
      groupOf[r[0]] = key;
      var g = groups[key] = groups[key] || {count: 0, held: 0, item: r[2], depth: r[4]};
      g.count += 1;
      if (r[3] !== "released") { g.held += 1; }
    });
    trace.links.forEach(function (l) {
      var s = groupOf[l[0]], t = groupOf[l[1]];
      if (!s || !t || s === t) { return; }
      var key = s + ">" + t;
      var e = edges[key] = edges[key] || {source: s, target: t, ambiguous: false};
      e.ambiguous = e.ambiguous || !!l[2];
    });
    var els = Object.keys(groups).map(function (key) {
      var g = groups[key];
      return {group: "nodes", data: {id: key, label: g.item + " ×" + g.count + " (" + labels.level + " " + g.depth + ")",
              colour: g.held ? STATUS_COLOURS.on_hold : STATUS_COLOURS.released}};
    });
    Object.keys(edges).forEach(function (key) {
      var e = edges[key];
      els.push({group: "edges", classes: e.ambiguous ? "ambiguous" : "", data: {id: key, source: e.source, target: e.target}});
    });
    return els;
  }

  function drawDrillChart(d) {
    var canvas = document.getElementById("drill-chart");
    if (!canvas || !window.Chart) { return; }
    new window.Chart(canvas, {
      data: {labels: d.labels, datasets: [
        {type: "line", label: d.names.seconds, data: d.seconds, yAxisID: "y", borderColor: "#1f5fbf", backgroundColor: "#1f5fbf"},
        {type: "bar", label: d.names.holes, data: d.holes, yAxisID: "y1", backgroundColor: "#c62828"},
        {type: "bar", label: d.names.warnings, data: d.warnings, yAxisID: "y1", backgroundColor: "#b26a00"}
      ]},
      options: {responsive: true, maintainAspectRatio: false, animation: false,
        scales: {y: {beginAtZero: true, position: "left"}, y1: {beginAtZero: true, position: "right", grid: {drawOnChartArea: false}, ticks: {precision: 0}}}}
    });
    canvas.dataset.drawn = "1";
  }
})();
