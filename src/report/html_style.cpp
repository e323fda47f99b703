#include "report/html_style.hpp"

namespace sonde::report::html {

// System fonts only (no downloads): Korean text falls back through the usual OS fonts.
const char* stylesheet() {
  return R"css(
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #eef1f4; color: #1d232b;
  font: 15px/1.6 system-ui, -apple-system, "Segoe UI", "Noto Sans KR", "Noto Sans CJK KR",
    "Apple SD Gothic Neo", "Malgun Gothic", "DejaVu Sans", sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 28px 40px 56px; background: #ffffff;
  min-height: 100vh; }
h1 { font-size: 28px; line-height: 1.25; margin: 4px 0 14px; }
h2 { font-size: 21px; margin: 40px 0 14px; padding-bottom: 6px; border-bottom: 2px solid #0072B2; }
p, ul { margin: 10px 0; }
li { margin: 4px 0; }
code { font: 0.88em/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
  background: #f0f2f5; padding: 1px 4px; border-radius: 3px; }
.meta { color: #4a5562; font-size: 14px; }
#warnings ul { background: #fff5e1; border-left: 4px solid #E69F00; margin: 12px 0;
  padding: 8px 14px 8px 32px; }
.banner { background: #fff5e1; border-left: 4px solid #E69F00; padding: 10px 14px; }
blockquote.warning { margin: 12px 0; background: #fdecea; border-left: 4px solid #D55E00;
  padding: 2px 14px; }
nav.toc { background: #f6f8fa; border: 1px solid #e3e6ea; border-radius: 6px;
  padding: 10px 18px; margin: 18px 0 8px; font-size: 14px; }
nav.toc ol { margin: 4px 0; padding-left: 0; list-style: none; columns: 2; }
nav.toc li { margin: 0; padding: 2px 0; break-inside: avoid; }
nav.toc a { color: #005a8c; text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
.table-wrap { overflow-x: auto; margin: 12px 0; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px;
  font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid #e3e6ea; padding: 6px 9px; text-align: left;
  vertical-align: top; }
thead th { background: #eef3f8; border-bottom: 2px solid #c5cfda; font-weight: 600;
  line-height: 1.35; }
td.num { text-align: right; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafbfc; }
table.kv { width: auto; min-width: 50%; font-size: 14px; }
table.kv th { background: none; font-weight: 600; padding-right: 28px; white-space: nowrap; }
.figures { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 18px 20px;
  grid-auto-flow: row dense; margin: 22px 0 26px; }
figure.chart { margin: 0; }
figure.chart.pair { grid-column: 1 / -1; }
.panels { display: grid; gap: 20px; grid-template-columns: minmax(0, 1fr); }
.pair .panels { grid-template-columns: repeat(2, minmax(0, 1fr)); }
.panel { border: 1px solid #e3e6ea; border-radius: 6px; padding: 6px; background: #ffffff; }
.panel svg { display: block; width: 100%; height: auto; }
figcaption { color: #4a5562; font-size: 13.5px; margin-top: 8px; max-width: 900px; }
.note { color: #4a5562; font-style: italic; }
footer { margin-top: 40px; color: #6a7480; font-size: 12.5px; }
@media (max-width: 760px) {
  main { padding: 16px; }
  .figures, .pair .panels { grid-template-columns: minmax(0, 1fr); }
  nav.toc ol { columns: 1; }
}
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { background: #ffffff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; min-height: 0; }
  nav.toc { display: none; }
  h1, h2 { break-after: avoid; page-break-after: avoid; }
  figure.chart, .panel, table.kv, tr, .banner, blockquote { break-inside: avoid;
    page-break-inside: avoid; }
  thead { display: table-header-group; }
  .table-wrap { overflow: visible; }
  table { font-size: 8.5pt; }
  th, td { padding: 3px 5px; }
  tbody tr:nth-child(even) { background: #f7f7f7; }
}
)css";
}

}  // namespace sonde::report::html
