import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

import { type Evaluation, InvalidInputError, type SweepPoint } from '@bcml/core';

import { buildReportModel } from './build-report-model.js';
import { CLIENT_SCRIPT } from './client-script.generated.js';
import { reportHtml } from './html-page.js';
import { instancePng } from './instance-png.js';
import { jsonForHtml } from './json-for-html.js';
import { INSTANCES_GLOBAL, instancesFile, POINT_CALLBACK } from './page-ids.js';
import { buildPointData, type PointData } from './point-data.js';
import type { EvaluationLookup, RenderReportOptions } from './report-input.js';
import type { ReportModel } from './report-model.js';
import { checkReportVerdict } from './report-verdict.js';
import { pointFigures, type StaticFigure, sweepFigures } from './static-figures.js';
import { createServerDocument } from './svg-document.js';
import { vendorScripts } from './vendor-scripts.js';

/** Schema tag of the bundle's manifest, `report.json`. */
export const REPORT_MANIFEST_SCHEMA = 'bcml.report/1';

/** What `renderReport` wrote. */
export interface RenderedReport {
  /** The folder. */
  readonly outDir: string;
  /** Absolute path of `index.html`. */
  readonly indexPath: string;
  /** Every file written, relative to the folder, in writing order. */
  readonly files: readonly string[];
  /** The model embedded in the page. */
  readonly model: ReportModel;
}

/** The files and folders a report owns (removed before re-rendering into the same folder). */
const OWNED = ['index.html', 'report.json', 'data', 'figures', 'images'];

async function prepareOutDir(outDir: string): Promise<void> {
  const entries = await readdir(outDir).catch((error: unknown) => {
    if ((error as { code?: unknown }).code === 'ENOENT') return null;
    throw error;
  });
  if (entries === null) return void (await mkdir(outDir, { recursive: true }));
  if (entries.length === 0) return;
  if (!entries.includes('report.json') || !(await stat(join(outDir, 'report.json'))).isFile()) {
    throw new InvalidInputError('outDir', 'a new or empty folder, or one holding an earlier report', outDir);
  }
  await Promise.all(OWNED.map((name) => rm(join(outDir, name), { recursive: true, force: true })));
}

async function lookup(evaluations: EvaluationLookup, path: string): Promise<Evaluation> {
  const found = typeof evaluations === 'function' ? await evaluations(path) : evaluations.get(path);
  if (found === undefined)
    throw new InvalidInputError(
      `evaluations[${JSON.stringify(path)}]`,
      'the evaluation file the summary names',
      undefined,
    );
  return found;
}

/** Runs `task` over `items` with at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Renders the report bundle into `outDir`: `index.html` (self-contained: CSS, d3, Plot, the page script, the model
 * and the default point's data inline; opens from `file://` offline), `data/<key>.js` per (point, split) loaded on
 * demand, static SVGs of every figure under `figures/`, PNG instance images under `images/s<split>/` when the
 * dataset has an image column, and the manifest `report.json`. Validates the summary and every evaluation it
 * names (`InvalidInputError`).
 */
export async function renderReport(options: RenderReportOptions): Promise<RenderedReport> {
  const { summary, evaluations, outDir, mode = 'sweep' } = options;
  const verdict = options.verdict === undefined ? undefined : checkReportVerdict(options.verdict);
  if (mode !== 'sweep' && mode !== 'comparison') throw new InvalidInputError('mode', '"sweep" or "comparison"', mode);
  const images = options.dataset?.images ?? null;
  const describe = options.dataset?.describe;
  const model = buildReportModel(summary, { mode, hasImages: images !== null });
  const completed = summary.points.filter((p) => p.status === 'completed');
  await prepareOutDir(outDir);
  const files: string[] = [];
  const write = async (path: string, content: string | Uint8Array): Promise<void> => {
    await mkdir(dirname(join(outDir, path)), { recursive: true });
    await writeFile(join(outDir, path), content);
    files.push(path);
  };
  const document = createServerDocument();
  const embedded: PointData[] = [];
  const defaultFigures: StaticFigure[] = [];
  const errorIds = model.splits.map(() => new Set<number>());
  for (const dot of model.dots) {
    const point = completed[dot.point] as SweepPoint; // the model's points are the completed ones, in order
    const split = model.splits[dot.split]?.name ?? '';
    const path = point.splits[split]?.evaluation ?? '';
    const evaluation = await lookup(evaluations, path);
    if (evaluation.pointId !== point.id || evaluation.split !== split) {
      throw new InvalidInputError(
        `evaluations[${JSON.stringify(path)}]`,
        `the evaluation of ${point.id} on ${split}`,
        `${evaluation.pointId} on ${evaluation.split}`,
      );
    }
    const data = buildPointData(dot.key, evaluation, model.classes);
    await write(`data/${dot.key}.js`, `${POINT_CALLBACK}(${JSON.stringify(dot.key)}, ${jsonForHtml(data)});\n`);
    const figures = pointFigures(data, document);
    for (const figure of figures) await write(figure.path, figure.svg);
    if (dot.key === model.defaultKey) defaultFigures.push(...figures);
    if (images !== null || describe !== undefined) for (const row of data.errors) errorIds[dot.split]?.add(row[0]);
    if (mode === 'comparison' || dot.key === model.defaultKey) embedded.push(data);
  }
  const staticFigures = mode === 'sweep' ? sweepFigures(model, document) : [];
  for (const figure of staticFigures) await write(figure.path, figure.svg);
  if (images !== null) {
    const jobs = model.splits.flatMap((split, s) =>
      [...(errorIds[s] ?? [])].sort((p, q) => p - q).map((id) => ({ split, s, id })),
    );
    await eachLimited(jobs, 16, async ({ split, s, id }) => {
      const pixels = images.pixels(split.name, id);
      if (pixels === null) return;
      const png = instancePng({ width: images.width, height: images.height, channels: images.channels, pixels });
      await write(`images/s${s}/${id}.png`, png);
    });
  }
  // Each error instance's text once per split, shared by every point (a point's rows keep `instance <id>`).
  const instanceScripts: string[] = [];
  if (describe !== undefined) {
    for (const [s, split] of model.splits.entries()) {
      const texts: Record<number, string> = {};
      for (const id of [...(errorIds[s] ?? [])].sort((p, q) => p - q)) {
        const text = describe(split.name, id);
        if (text !== undefined) texts[id] = text;
      }
      if (Object.keys(texts).length === 0) continue;
      const file = instancesFile(s);
      await write(
        file,
        `(window.${INSTANCES_GLOBAL} = window.${INSTANCES_GLOBAL} || {})[${s}] = ${jsonForHtml(texts)};\n`,
      );
      instanceScripts.push(file);
    }
  }
  const html = reportHtml({
    instanceScripts,
    model,
    embedded,
    vendor: await vendorScripts(),
    clientScript: CLIENT_SCRIPT,
    staticFigures: [...staticFigures, ...defaultFigures].map(({ path, alt }) => ({ path, alt })),
    ...(verdict === undefined ? {} : { verdict }),
  });
  await write('index.html', html);
  const manifest = {
    schema: REPORT_MANIFEST_SCHEMA,
    mode,
    title: model.title,
    createdAt: summary.createdAt,
    ...(verdict === undefined ? {} : { verdict }),
    files: [...files],
  };
  await write('report.json', `${JSON.stringify(manifest, null, 2)}\n`);
  return { outDir, indexPath: resolve(outDir, 'index.html'), files, model };
}
