function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The page's HTML; scripts and styles come from the handler's own asset routes. */
export function pageHtml(basePath: string, title: string, live: boolean): string {
  const base = escapeHtml(basePath);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${base}/assets/page.css">
</head>
<body data-base="${base}" data-live="${live ? "on" : "off"}">
<header>
  <h1>${escapeHtml(title)}</h1>
  <form id="search-form" role="search">
    <label class="visually-hidden" for="search">Issue key, PR URL or event id</label>
    <input id="search" type="search" name="q" placeholder="ENG-123, https://github.com/acme/api/pull/42 or an event id" autocomplete="off">
    <button type="submit">Show lineage</button>
  </form>
  <span id="live" data-state="${live ? "connecting" : "off"}">${live ? "live updates" : ""}</span>
</header>
<main>
  <div id="graph" aria-label="Correlation graph" data-node-count="0" data-edge-count="0"></div>
  <aside>
    <p id="message">Type an issue key, a pull request URL or an event id.</p>
    <h2>Objects</h2>
    <ul id="node-list"></ul>
    <h2>Selected</h2>
    <div id="details"><p>Click a node to see its events.</p></div>
    <h2>Recent workflow runs</h2>
    <ul id="runs"></ul>
  </aside>
</main>
<script src="${base}/assets/cytoscape.js"></script>
<script src="${base}/assets/page.js"></script>
</body>
</html>
`;
}
