/** The page's stylesheet. */
export const PAGE_STYLE = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #d7dce5; --accent: #3559e0; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #f6f7fa; }
header { display: flex; gap: 16px; align-items: center; padding: 12px 20px; background: #fff; border-bottom: 1px solid var(--line); }
header h1 { font-size: 16px; margin: 0; font-weight: 600; }
form { display: flex; gap: 8px; flex: 1; max-width: 640px; }
input[type=search] { flex: 1; padding: 7px 10px; border: 1px solid var(--line); border-radius: 6px; font: inherit; }
button { padding: 7px 14px; border: 0; border-radius: 6px; background: var(--accent); color: #fff; font: inherit; cursor: pointer; }
#live { font-size: 12px; color: var(--muted); }
#live[data-state=open]::before { content: "● "; color: #1f9d55; }
#live[data-state=closed]::before { content: "● "; color: #c0392b; }
main { display: grid; grid-template-columns: 1fr 360px; gap: 0; height: calc(100vh - 58px); }
#graph { background: #fff; border-right: 1px solid var(--line); min-height: 420px; }
aside { overflow: auto; padding: 12px 16px; }
aside h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 16px 0 6px; }
#message { color: var(--muted); margin: 4px 0; }
ul { list-style: none; padding: 0; margin: 0; }
li { padding: 4px 0; border-bottom: 1px solid #eef0f4; }
li button.link { background: none; color: var(--accent); padding: 0; text-align: left; }
.tag { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 10px; background: #eef1fb; color: var(--muted); margin-right: 4px; }
pre { background: #0f1420; color: #dfe6f3; padding: 10px; border-radius: 6px; overflow: auto; max-height: 320px; font-size: 12px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
`;
