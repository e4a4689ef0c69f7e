// The report's stylesheet, inline: system fonts only (Noto Sans where installed), A4 print
// rules, tables that repeat their header across pages and rows that do not split.
#include "layers/render/detail/html.hpp"

namespace allseason::render::detail {

std::string_view report_css() {
    return R"css(
@page { size: A4; margin: 14mm 13mm 16mm; }
:root { --ink: #222; --muted: #5f5f5f; --accent: #54278f; --cut: #c0271e; --ok: #1a7f37;
        --rule: #d9d9d9; --tint: #f3f0f8; }
* { box-sizing: border-box; }
html { background: #eceae6; }
body { font-family: "Noto Sans", "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: var(--ink);
       font-size: 10.5pt; line-height: 1.45; max-width: 210mm; margin: 6mm auto; padding: 12mm 14mm;
       background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.15); }
h1 { font-size: 20pt; line-height: 1.2; margin: 0 0 2mm; }
h2 { font-size: 14pt; color: var(--accent); border-bottom: 1.5pt solid var(--accent);
     padding-bottom: 1mm; margin: 8mm 0 3mm; break-after: avoid; }
h3 { font-size: 11pt; margin: 5mm 0 2mm; break-after: avoid; }
p { margin: 0 0 2.5mm; }
.kicker { text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-size: 8.5pt;
          margin: 0; }
.meta, footer, figcaption, .sources { color: var(--muted); font-size: 8.5pt; }
.lead { font-size: 12pt; }
nav.toc ol { columns: 2; margin: 0; padding-left: 6mm; }
nav.toc h2 { border: none; color: var(--ink); font-size: 11pt; margin-top: 4mm; }
a { color: var(--accent); }
.cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm; margin: 3mm 0; }
.card { border: 1px solid var(--rule); border-radius: 2mm; padding: 2.5mm 3mm; break-inside: avoid; }
.card .value { font-size: 17pt; font-weight: 700; line-height: 1.15; }
.card .label { font-weight: 600; }
.card .note { color: var(--muted); font-size: 8.5pt; }
.card.alert { border-color: var(--cut); }
.card.alert .value { color: var(--cut); }
.absent { color: var(--muted); font-style: italic; border-left: 3px solid var(--rule);
          padding: 1mm 0 1mm 3mm; }
table { border-collapse: collapse; width: 100%; font-size: 8.8pt; margin: 2mm 0 4mm; }
thead { display: table-header-group; }
th, td { border-bottom: 1px solid var(--rule); padding: 1.1mm 1.8mm; text-align: left;
         vertical-align: top; }
th { background: var(--tint); font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.num { white-space: normal; } /* long headers wrap; the figures under them do not */
tr { break-inside: avoid; }
.met { color: var(--ok); font-weight: 700; white-space: nowrap; }
.unmet { color: var(--cut); font-weight: 700; white-space: nowrap; }
figure { margin: 2mm 0 4mm; break-inside: avoid; }
figure.map svg { display: block; width: 100%; height: auto; border: 1px solid var(--rule); }
figure.chart svg { display: block; width: 100%; height: auto; max-height: 95mm; }
.chart .grid { stroke: #e6e6e6; stroke-width: 1; }
.chart .axis { stroke: #444; stroke-width: 1.2; }
.chart .curve { fill: none; stroke: var(--accent); stroke-width: 2.2; }
.chart .dot { fill: var(--accent); stroke: #fff; stroke-width: 1.5; }
.chart .dot-label { fill: #fff; font-size: 9px; font-weight: 700; }
.chart .step-label { fill: var(--accent); font-size: 9.5px; font-weight: 600; }
.chart .tick { fill: #444; font-size: 10px; }
.chart .axis-label { fill: #222; font-size: 11px; font-weight: 600; }
.chart .ceiling { stroke: var(--cut); stroke-width: 1.2; stroke-dasharray: 5 4; }
.chart .ceiling-label { fill: var(--cut); font-size: 10px; }
.portfolio { background: var(--tint); padding: 2mm 3mm; border-radius: 1.5mm; }
footer { margin-top: 10mm; border-top: 1px solid var(--rule); padding-top: 2mm; }
@media print {
  html { background: none; }
  body { margin: 0; padding: 0; max-width: none; box-shadow: none; font-size: 10pt; }
  nav.toc { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { margin-top: 6mm; }
}
)css";
}

} // namespace allseason::render::detail
