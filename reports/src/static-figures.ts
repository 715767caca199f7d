/// <reference lib="dom" />
import { classAccuracyChart } from './figures/class-accuracy-chart.js';
import { compatibilityScatter } from './figures/compatibility-scatter.js';
import { incompatibleChart, incompatibleYMax } from './figures/incompatible-chart.js';
import { vennDiagram } from './figures/venn-diagram.js';
import type { PointData } from './point-data.js';
import type { ReportModel } from './report-model.js';
import { svgFile } from './svg-document.js';

/** A static figure: its path in the report folder, its SVG text and a description. */
export interface StaticFigure {
  readonly path: string;
  readonly svg: string;
  readonly alt: string;
}

/** The sweep's static figures: `figures/btc-scatter.svg` and `figures/bec-scatter.svg` (all points, no filter). */
export function sweepFigures(model: ReportModel, document: Document): StaticFigure[] {
  return (['btc', 'bec'] as const).map((score) => ({
    path: `figures/${score}-scatter.svg`,
    svg: svgFile(compatibilityScatter(model, { score, document })),
    alt: `${model.performanceMetric} of h2 against ${score.toUpperCase()}, every point of the sweep`,
  }));
}

/**
 * The static figures of one (point, split) under `figures/<key>/`: the error Venn, per-class accuracy and the
 * distribution of incompatible points, all classes on one chart.
 */
export function pointFigures(point: PointData, document: Document): StaticFigure[] {
  const counts = {
    h1Only: point.overlap.h1Only.length,
    common: point.overlap.common.length,
    h2Only: point.overlap.h2Only.length,
  };
  const base = `figures/${point.key}`;
  return [
    {
      path: `${base}/venn.svg`,
      svg: svgFile(vennDiagram(counts, { n: point.n, document })),
      alt: 'Venn diagram of the two models’ errors',
    },
    {
      path: `${base}/class-accuracy.svg`,
      svg: svgFile(classAccuracyChart(point.classes, { document })),
      alt: 'Accuracy of h1 and h2 per class',
    },
    {
      path: `${base}/incompatible-points.svg`,
      svg: svgFile(
        incompatibleChart(point.classes, {
          total: point.counts.negativeFlips,
          yMax: incompatibleYMax(point.classes),
          document,
        }),
      ),
      alt: 'Share of the incompatible points per class',
    },
  ];
}
