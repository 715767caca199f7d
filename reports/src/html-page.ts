import { escapeHtml, inlineScript } from './escape-html.js';
import { jsonForHtml } from './json-for-html.js';
import { MODEL_SCRIPT_ID, POINTS_SCRIPT_ID } from './page-ids.js';
import type { PointData } from './point-data.js';
import type { ReportModel } from './report-model.js';
import { REPORT_CSS } from './report-style.js';
import { verdictHtml, type ReportVerdict } from './report-verdict.js';
import type { VendorScripts } from './vendor-scripts.js';

/** What `reportHtml` assembles into `index.html`. */
export interface ReportHtmlParts {
  readonly model: ReportModel;
  /** Point data embedded in the page (the default point's; every point's in comparison mode). */
  readonly embedded: readonly PointData[];
  readonly vendor: VendorScripts;
  /** The bundled page script. */
  readonly clientScript: string;
  /** Static figures (paths relative to the folder, and their alt texts) shown when scripts are off. */
  readonly staticFigures: readonly { readonly path: string; readonly alt: string }[];
  /** A regression check's verdict, shown in the header. */
  readonly verdict?: ReportVerdict;
  /** Per-split instance files (`instancesFile`) the page loads before its script; relative paths the report wrote. */
  readonly instanceScripts?: readonly string[];
}

/**
 * `index.html`: one self-contained page (CSS, d3, Plot and the page script inline; the model and the default
 * point's data as JSON in `<script type="application/json">`, escaped against `</script>` and U+2028/2029; data
 * strings in the markup escaped), plus static figure images inside `<noscript>`. Other points' data and the
 * instance images are loaded on demand by relative URL.
 */
export function reportHtml(parts: ReportHtmlParts): string {
  const { model } = parts;
  const subtitle =
    model.mode === 'sweep'
      ? `Compatibility sweep of ${model.h1Uri} on ${model.datasetUri}: ${model.points.length} trained model(s), ${model.performanceMetric}.`
      : `Model comparison against ${model.h1Uri} on ${model.datasetUri}, ${model.performanceMetric}.`;
  const figures = parts.staticFigures
    .map((f) => `<img src="${escapeHtml(f.path)}" alt="${escapeHtml(f.alt)}">`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="@bcml/reports">
<link rel="icon" href="data:,">
<title>${escapeHtml(model.title)} · bcml report</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1 id="report-title">${escapeHtml(model.title)}</h1>
<p id="report-subtitle">${escapeHtml(subtitle)}</p>
${parts.verdict === undefined ? '' : verdictHtml(parts.verdict)}
</header>
<main id="app" data-mode="${model.mode}">
<p class="note">Loading the report…</p>
<noscript>
<p>This report draws its interactive figures with JavaScript. Static versions of the figures:</p>
<div class="static-figures">
${figures}
</div>
</noscript>
</main>
<script type="application/json" id="${MODEL_SCRIPT_ID}">${jsonForHtml(model)}</script>
<script type="application/json" id="${POINTS_SCRIPT_ID}">${jsonForHtml(parts.embedded)}</script>
<script>${inlineScript(parts.vendor.d3)}</script>
<script>${inlineScript(parts.vendor.plot)}</script>
${(parts.instanceScripts ?? []).map((src) => `<script src="${escapeHtml(src)}"></script>`).join('\n')}
<script>${inlineScript(parts.clientScript)}</script>
</body>
</html>
`;
}
