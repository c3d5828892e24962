/**
 * The page's script (plain browser JavaScript, no build step): search, the graph
 * (cytoscape), node details with event payloads, recent runs, and live refresh over
 * Server-Sent Events.
 */
export const PAGE_SCRIPT = String.raw`
(function () {
  "use strict";
  var base = document.body.getAttribute("data-base") || "";
  var graphElement = document.getElementById("graph");
  var message = document.getElementById("message");
  var nodeList = document.getElementById("node-list");
  var details = document.getElementById("details");
  var runsList = document.getElementById("runs");
  var live = document.getElementById("live");
  var input = document.getElementById("search");
  var colors = { linear: "#5e6ad2", github: "#24292f", slack: "#4a154b", contexten: "#0f8a6c" };
  var current = null;
  var refreshTimer = null;
  var cy = cytoscape({
    container: graphElement,
    elements: [],
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: {
        "background-color": function (node) { return colors[node.data("platform")] || "#888"; },
        "label": "data(label)", "color": "#1d2330", "font-size": 11, "text-wrap": "wrap",
        "text-max-width": 170, "text-valign": "bottom", "text-margin-y": 6, "width": 26, "height": 26 } },
      { selector: "node[?root]", style: { "border-width": 4, "border-color": "#f0b429" } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#3559e0" } },
      { selector: "edge", style: {
        "width": function (edge) { return 1 + 4 * edge.data("strength"); },
        "line-color": "#9aa5b8", "target-arrow-color": "#9aa5b8", "target-arrow-shape": "triangle",
        "curve-style": "bezier", "label": "data(label)", "font-size": 9, "color": "#5b6475",
        "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.85 } }
    ]
  });

  function getJson(path) {
    return fetch(base + path, { headers: { accept: "application/json" } }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    });
  }

  function text(tag, content, className) {
    var element = document.createElement(tag);
    element.textContent = content;
    if (className) element.className = className;
    return element;
  }

  function render(graph) {
    var elements = [];
    graph.nodes.forEach(function (node) {
      elements.push({ group: "nodes", data: { id: node.id, label: node.label, platform: node.platform, kind: node.kind, root: node.root } });
    });
    graph.edges.forEach(function (edge) {
      elements.push({ group: "edges", data: { id: edge.id, source: edge.source, target: edge.target, strength: edge.strength,
        label: edge.rule + " " + edge.strength.toFixed(2) + (edge.evidence.length ? " (" + edge.evidence.join("+") + ")" : "") } });
    });
    cy.elements().remove();
    cy.add(elements);
    cy.layout({ name: "breadthfirst", directed: false, padding: 40, spacingFactor: 1.25,
      roots: graph.nodes.filter(function (node) { return node.root; }).map(function (node) { return node.id; }) }).run();
    graphElement.setAttribute("data-node-count", String(graph.nodes.length));
    graphElement.setAttribute("data-edge-count", String(graph.edges.length));
    nodeList.replaceChildren();
    graph.nodes.forEach(function (node) {
      var item = document.createElement("li");
      item.setAttribute("data-node-id", node.id);
      item.setAttribute("data-kind", node.kind);
      var button = text("button", node.label.split("\n").join(" — "), "link");
      button.type = "button";
      button.addEventListener("click", function () { select(node.id); });
      item.append(text("span", node.platform, "tag"), button);
      nodeList.append(item);
    });
    window.__lineage = graph;
    document.dispatchEvent(new CustomEvent("lineage:rendered", { detail: graph }));
  }

  function select(id) {
    cy.elements().unselect();
    var element = cy.getElementById(id);
    element.select();
    var node = current && current.nodes.find(function (candidate) { return candidate.id === id; });
    if (!node) return;
    details.replaceChildren(text("strong", node.label.split("\n").join(" — ")));
    if (node.url) {
      var anchor = text("a", " open", "");
      anchor.href = node.url;
      anchor.target = "_blank";
      details.append(anchor);
    }
    var list = document.createElement("ul");
    var payload = document.createElement("pre");
    node.events.forEach(function (event) {
      var item = document.createElement("li");
      var button = text("button", event.type, "link");
      button.type = "button";
      button.addEventListener("click", function () {
        getJson("/api/events/" + encodeURIComponent(event.id)).then(function (result) {
          payload.textContent = JSON.stringify(result.body, null, 2);
        });
      });
      item.append(button, text("span", " " + new Date(event.occurredAt).toLocaleString()));
      list.append(item);
    });
    details.append(list, payload);
  }

  function search(query, quiet) {
    if (!query) return Promise.resolve();
    if (!quiet) message.textContent = "Looking up " + query + "…";
    return getJson("/api/search?q=" + encodeURIComponent(query)).then(function (result) {
      if (result.status !== 200) {
        message.textContent = (result.body && result.body.error && result.body.error.message) || "Nothing found.";
        if (!quiet) { current = null; render({ nodes: [], edges: [] }); }
        return;
      }
      current = result.body;
      current.query = query;
      message.textContent = result.body.nodes.length + " objects, " + result.body.edges.length + " links for " + query + (result.body.truncated ? " (cut at the depth limit)" : "");
      render(result.body);
    });
  }

  function loadRuns() {
    return getJson("/api/runs").then(function (result) {
      runsList.replaceChildren();
      if (result.status !== 200) { runsList.append(text("li", "No workflow engine on this page.")); return; }
      result.body.runs.forEach(function (run) {
        var item = document.createElement("li");
        item.append(text("span", run.status, "tag"), text("span", run.name + " "), text("small", new Date(run.createdAt).toLocaleString()));
        runsList.append(item);
      });
    });
  }

  function scheduleRefresh() {
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(function () {
      refreshTimer = null;
      if (current) search(current.query, true);
      loadRuns();
    }, 250);
  }

  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    history.replaceState(null, "", "#q=" + encodeURIComponent(query));
    search(query, false);
  });
  cy.on("tap", "node", function (event) { select(event.target.id()); });

  if (window.EventSource && document.body.getAttribute("data-live") === "on") {
    var source = new EventSource(base + "/api/stream");
    source.onopen = function () { live.setAttribute("data-state", "open"); };
    source.onerror = function () { live.setAttribute("data-state", "closed"); };
    ["event", "correlation", "workflow"].forEach(function (kind) {
      source.addEventListener(kind, scheduleRefresh);
    });
  }
  var fromHash = /^#q=(.*)$/.exec(location.hash);
  if (fromHash) { input.value = decodeURIComponent(fromHash[1]); search(input.value, false); }
  loadRuns();
})();
`;
