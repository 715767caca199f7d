/** The page's stylesheet (inlined): a readable single column with two-up figure rows on wide screens. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --accent: #6f27db; --bg: #ffffff; --panel: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
header { padding: 16px 24px 8px; border-bottom: 1px solid var(--line); background: var(--panel); }
header h1 { margin: 0 0 4px; font-size: 20px; }
header p { margin: 0; color: var(--muted); }
.verdict { margin: 10px 0 4px; padding: 8px 12px; border-left: 4px solid; background: var(--bg, #fff); }
.verdict h2 { margin: 0 0 4px; font-size: 16px; }
.verdict ul { margin: 4px 0 0; padding-left: 18px; }
.verdict-pass { border-color: #2e7d32; }
.verdict-fail { border-color: #c62828; }
.verdict .check-fail strong { color: #c62828; }
.verdict .check-pass strong { color: #2e7d32; }
main { padding: 8px 24px 40px; max-width: 1240px; }
section { margin: 18px 0; }
h2 { font-size: 17px; margin: 0 0 6px; }
h3 { font-size: 14px; margin: 4px 0; }
.lead, .help, .note { color: var(--muted); }
.help { font-weight: normal; font-size: 12px; }
.note { font-style: italic; }
.error { color: #b42318; font-weight: bold; }
.filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: flex-start; }
fieldset { border: 1px solid var(--line); border-radius: 6px; padding: 4px 10px 8px; margin: 0; }
legend { font-weight: 600; font-size: 12px; color: var(--muted); }
.check { margin-right: 10px; white-space: nowrap; }
.swatch { display: inline-block; width: 12px; height: 12px; border: 1px solid #333; border-radius: 2px; margin: 0 4px -1px 2px; }
.glyph { margin: 0 4px 0 2px; color: #555; }
.lambda-range input { vertical-align: middle; width: 120px; }
.lambda-range output { display: inline-block; min-width: 2.5em; font-variant-numeric: tabular-nums; }
.picker { margin: 10px 0; display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
.pick-title { font-weight: 600; }
.pick-status { color: #b42318; }
.plots, .columns { display: flex; flex-wrap: wrap; gap: 16px; }
.columns > section { flex: 1 1 480px; min-width: 0; }
.plot-box { position: relative; }
.plot-box svg { overflow: visible; }
.plot-box a { cursor: pointer; }
.plot-box a:hover path, .plot-box a:focus path, .plot-box a:hover rect, .plot-box a:focus rect { stroke: #000; stroke-width: 2.5; }
.plot-box a:focus { outline: none; }
table { border-collapse: collapse; }
table.details th, table.details td, table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: middle; }
table.details th[scope=row] { white-space: nowrap; }
table.data thead th { background: var(--panel); font-weight: 600; }
td.interval { font-variant-numeric: tabular-nums; color: var(--muted); white-space: nowrap; }
td.help { font-size: 12px; }
td.metadata { max-width: 420px; overflow-wrap: anywhere; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
td.wrong { color: #b42318; font-weight: 600; }
td.image img { image-rendering: pixelated; display: block; background: #000; }
.table-wrap { overflow-x: auto; }
.region { padding: 1px 6px; border-radius: 8px; border: 1px solid #999; font-size: 12px; }
.region-progress { background: rgba(175, 227, 141, 0.8); }
.region-common { background: rgba(241, 241, 127, 0.8); }
.region-regress { background: rgba(206, 160, 205, 0.8); }
.legend { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 4px 0; }
button { font: inherit; border: 1px solid var(--line); background: #fff; border-radius: 6px; padding: 3px 10px; cursor: pointer; }
button:hover { border-color: #8c959f; }
button[aria-pressed=true] { background: #e7dcfa; border-color: var(--accent); font-weight: 600; }
button:disabled { opacity: 0.45; cursor: default; }
button.link { border: none; background: none; color: #0550ae; text-decoration: underline; padding: 0; }
button.link[aria-pressed=true] { background: #e7dcfa; }
.toggle { display: flex; gap: 6px; margin-bottom: 6px; }
.pager { display: flex; gap: 10px; align-items: center; margin-top: 6px; }
.page-label { font-variant-numeric: tabular-nums; }
.filter-caption { font-weight: 600; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; }
dt { font-weight: 600; }
dd { margin: 0; color: var(--muted); }
.tooltip { position: absolute; z-index: 10; pointer-events: none; background: rgba(20, 20, 20, 0.85); color: #fff; padding: 4px 8px; border-radius: 4px; font-size: 12px; white-space: pre-line; max-width: 320px; }
.tooltip[hidden] { display: none; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.static-figures img { max-width: 100%; border: 1px solid var(--line); margin: 4px; }
`;
