// @bcml/reports: the Observable Plot report bundle — figure functions, page assembly and in-page interactivity.
export { buildReportModel } from './build-report-model.js';
export { dotKey, isDotKey } from './dot-key.js';
export { escapeHtml, inlineScript } from './escape-html.js';
export {
  type ClassAccuracyOptions,
  type ClassBarSelection,
  classAccuracyChart,
} from './figures/class-accuracy-chart.js';
export {
  compatibilityScatter,
  dotCaption,
  SCATTER_SCORE_LABELS,
  type ScatterOptions,
  type ScatterRow,
  scatterRows,
  type ScatterScore,
} from './figures/compatibility-scatter.js';
export {
  incompatibleChart,
  type IncompatibleOptions,
  incompatibleShares,
  incompatibleYMax,
} from './figures/incompatible-chart.js';
export {
  regionCount,
  regionShare,
  VENN_REGION_HELP,
  VENN_REGION_NAMES,
  vennDiagram,
  type VennOptions,
} from './figures/venn-diagram.js';
export {
  formatCount,
  formatDeltaPercent,
  formatDuration,
  formatInterval,
  formatPercent,
  formatProportion,
  formatPValue,
  formatScore,
  formatWithCounts,
  NOT_AVAILABLE,
} from './format.js';
export { reportHtml, type ReportHtmlParts } from './html-page.js';
export { describeFilter, errorRegion, filterErrorRows, type InstanceFilter, sameFilter } from './instance-filter.js';
export { type InstanceImage, instancePng } from './instance-png.js';
export { jsonForHtml } from './json-for-html.js';
export { MODEL_SCRIPT_ID, POINT_CALLBACK, POINTS_SCRIPT_ID } from './page-ids.js';
export { CLASS_PAGE_SIZE, clampPage, pageCount, pageItems, pageLabel, TABLE_PAGE_SIZE } from './paging.js';
export { buildPointData, type ErrorRow, type PointClass, type PointData } from './point-data.js';
export { CLIENT_SCRIPT } from './client-script.generated.js';
export { type RenderedReport, renderReport, REPORT_MANIFEST_SCHEMA } from './render-report.js';
export { checkReportVerdict, type ReportVerdict, type ReportVerdictCheck, verdictHtml } from './report-verdict.js';
export {
  type EvaluationLookup,
  type RenderReportOptions,
  type ReportDataset,
  type ReportImageColumn,
} from './report-input.js';
export {
  REPORT_MODEL_SCHEMA,
  type ReportDot,
  type ReportLambda,
  type ReportMode,
  type ReportModel,
  type ReportPoint,
  type ReportSplit,
  type ReportUnfinishedPoint,
} from './report-model.js';
export { pointFigures, type StaticFigure, sweepFigures } from './static-figures.js';
export { createServerDocument, svgFile } from './svg-document.js';
export {
  distanceForLens,
  lensArea,
  type VennCase,
  type VennCircle,
  type VennCounts,
  vennLayout,
  type VennLayout,
  type VennLayoutOptions,
  VENN_REGIONS,
  type VennRegion,
  type VennRegionShape,
} from './venn-layout.js';
