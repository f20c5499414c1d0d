// The page's only style sheet, inline (the CSP allows inline styles and nothing else). Colours are CSS
// variables, switched by prefers-color-scheme, so that the tables and the SVG charts follow the reader's
// light or dark scheme.

export const REPORT_CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa;
  --line: #d1d9e0; --grid: #e6eaef; --accent: #2563eb; --bar: #2563eb; --diagonal: #8c959f; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #161b22; --line: #3d444d;
    --grid: #262c36; --accent: #4493f8; --bar: #4493f8; --diagonal: #9198a1; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--fg); background: var(--bg); }
h1 { font-size: 1.6em; margin: 0 0 8px; overflow-wrap: anywhere; }
h2 { font-size: 1.25em; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
nav ul { display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 0; list-style: none; }
a { color: var(--accent); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--panel);
  padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
.facts { display: flex; flex-wrap: wrap; gap: 8px 24px; margin: 8px 0; }
.facts div { min-width: 0; }
.facts dt { color: var(--muted); font-size: 0.85em; }
.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.note { color: var(--muted); font-style: italic; }
.badge { font-size: 0.75em; padding: 0 6px; border-radius: 8px; background: var(--accent); color: #fff; }
.scroll { overflow: auto; max-width: 100%; }
.tall { max-height: 520px; }
table { border-collapse: collapse; margin: 8px 0; }
caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
th, td { padding: 3px 10px; border-bottom: 1px solid var(--grid); text-align: left; }
thead th { position: sticky; top: 0; background: var(--bg); border-bottom: 1px solid var(--line); }
table.numbers td { text-align: right; font-variant-numeric: tabular-nums; }
table.numbers tbody th { font-weight: normal; overflow-wrap: anywhere; max-width: 320px; }
table.confusion td { text-align: right; font-variant-numeric: tabular-nums; min-width: 40px; border: 1px solid var(--grid); }
table.confusion td.zero { color: var(--muted); opacity: 0.6; }
table.confusion td.strong { color: #fff; }
table.confusion tbody th { position: sticky; left: 0; background: var(--bg); font-weight: normal; white-space: nowrap; }
table.confusion th.vertical { vertical-align: bottom; padding: 4px 2px; }
table.confusion th.vertical span { writing-mode: vertical-rl; transform: rotate(180deg); max-height: 160px;
  overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-weight: normal; }
table.confusion th.axis { color: var(--muted); font-style: italic; }
figure { margin: 8px 0; }
figcaption { color: var(--muted); font-size: 0.9em; }
.plot { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
svg.chart { max-width: 100%; height: auto; font-size: 11px; }
svg.chart text { fill: var(--fg); }
svg.chart .tick { fill: var(--muted); }
svg.chart .grid { stroke: var(--grid); stroke-width: 1; }
svg.chart .frame { fill: none; stroke: var(--line); }
svg.chart .pr-curve { fill: none; stroke-width: 2; stroke-linejoin: round; }
svg.chart .pr-curve.muted { stroke: var(--diagonal); stroke-width: 1; opacity: 0.5; }
svg.chart .bar { fill: var(--bar); }
svg.chart .bar-value { fill: var(--muted); font-variant-numeric: tabular-nums; }
svg.chart .bin { fill: var(--bar); opacity: 0.35; stroke: var(--bar); }
svg.chart .bin-mean { fill: var(--bar); }
svg.chart .diagonal { stroke: var(--diagonal); stroke-width: 1.5; stroke-dasharray: 5 4; }
.legend { list-style: none; padding: 0; margin: 0; max-height: 360px; overflow: auto; }
.legend li { display: flex; align-items: center; gap: 6px; overflow-wrap: anywhere; }
.swatch { display: inline-block; flex: none; width: 14px; height: 4px; border-radius: 2px; }
.gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 16px; }
.gallery figure { margin: 0; padding: 8px; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; }
.gallery img { display: block; min-width: 160px; max-width: 100%; height: auto; margin: 0 auto 6px; }
.gallery figcaption { color: var(--fg); overflow-wrap: anywhere; }
.gallery .score { color: var(--muted); }
.gallery .missing { padding: 40px 0; text-align: center; color: var(--muted); }
details summary { cursor: pointer; color: var(--accent); }
`;
