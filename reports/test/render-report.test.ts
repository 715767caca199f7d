// renderReport writes the bundle folder: the page, per-point data files, static SVGs, PNG images, the manifest.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Evaluation, InvalidInputError } from '@bcml/core';
import {
  MODEL_SCRIPT_ID,
  POINT_CALLBACK,
  type PointData,
  POINTS_SCRIPT_ID,
  type RenderedReport,
  renderReport,
  type ReportModel,
} from '@bcml/reports';
import { decode } from 'fast-png';

import { mnistSweepFixture, SCRIPT_END_METADATA, XSS_METADATA } from './fixtures/mnist-sweep.js';

const fixture = mnistSweepFixture();
let dir: string;
let report: RenderedReport;
let html: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bcml-report-'));
  report = await renderReport({ ...fixture, outDir: join(dir, 'report') });
  html = await readFile(report.indexPath, 'utf8');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The text of the `<script type="application/json" id=…>` element. */
function embedded(id: string): unknown {
  const match = new RegExp(`<script type="application/json" id="${id}">([^<]*)</script>`).exec(html);
  if (match === null) throw new Error(`no #${id}`);
  return JSON.parse(match[1] ?? '') as unknown;
}

describe('renderReport (sweep)', () => {
  it('writes index.html, one data file and three figures per (point, split), the sweep figures and the manifest', async () => {
    const out = report.outDir;
    expect((await readdir(out)).sort()).toEqual(['data', 'figures', 'images', 'index.html', 'report.json']);
    expect((await readdir(join(out, 'data'))).sort()).toEqual(report.model.dots.map((d) => `${d.key}.js`).sort());
    expect(await readdir(join(out, 'figures', 'p0-s1'))).toEqual(
      expect.arrayContaining(['venn.svg', 'class-accuracy.svg', 'incompatible-points.svg']),
    );
    expect(await readdir(join(out, 'figures'))).toEqual(expect.arrayContaining(['btc-scatter.svg', 'bec-scatter.svg']));
    const manifest = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as {
      schema: string;
      files: string[];
    };
    expect(manifest.schema).toBe('bcml.report/1');
    expect(manifest.files).toEqual(report.files.filter((f) => f !== 'report.json'));
    const svg = await readFile(join(out, 'figures', 'btc-scatter.svg'), 'utf8');
    expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('embeds the model and the default point, safely: data strings never appear as markup', () => {
    const model = embedded(MODEL_SCRIPT_ID) as ReportModel;
    expect(model).toEqual(JSON.parse(JSON.stringify(report.model)));
    const points = embedded(POINTS_SCRIPT_ID) as PointData[];
    expect(points.map((p) => p.key)).toEqual([report.model.defaultKey]);
    expect(points[0]?.errors.some((row) => row[4].startsWith(XSS_METADATA))).toBe(true);
    expect(points[0]?.errors.some((row) => row[4].startsWith(SCRIPT_END_METADATA))).toBe(true);
    expect(html).not.toContain(XSS_METADATA);
    expect(html).not.toContain('alert(2)</script>');
    expect(html).not.toContain('<b>9</b>');
    expect(html).toContain('<title>mnist-lenet-resnet &#38; &#60;sweep&#62; · bcml report</title>');
    // Five scripts: the model, the points, d3, Plot, the page — and no other closing tag in between.
    expect(html.match(/<\/script>/g)).toHaveLength(5);
    // No CDN, no network: every link of the page is relative (or the empty data: favicon).
    const links = [...html.matchAll(/<(?:img|link|script)\b[^>]*\b(?:src|href)="([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((link) => !link.startsWith('figures/') && link !== 'data:,')).toEqual([]);
  });

  it('writes each point’s data as a script that hands it to the page’s callback', async () => {
    const key = report.model.dots[3]?.key ?? '';
    const source = await readFile(join(report.outDir, 'data', `${key}.js`), 'utf8');
    expect(source.startsWith(`${POINT_CALLBACK}("${key}", {`)).toBe(true);
    const received: [string, PointData][] = [];
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- runs the data file as the page would
    const run = new Function(POINT_CALLBACK, source) as (callback: (k: string, data: PointData) => void) => void;
    run((k, data) => received.push([k, data]));
    expect(received.map(([k]) => k)).toEqual([key]);
    expect(received[0]?.[1].n).toBe(key.endsWith('-s0') ? 10_000 : 60_000);
  });

  it('renders a 28×28 PNG for every error instance of every point, per split', async () => {
    const expected = report.model.splits.map((_, s) => {
      const ids = new Set<number>();
      for (const [path, evaluation] of fixture.evaluations) {
        if (path.endsWith(`/${report.model.splits[s]?.name}.json`)) for (const e of evaluation.errors) ids.add(e.id);
      }
      return ids;
    });
    for (const [s, ids] of expected.entries()) {
      const files = await readdir(join(report.outDir, 'images', `s${s}`));
      expect(files.length).toBe(ids.size);
    }
    const first = [...(expected[0] ?? [])][0] ?? 0;
    const png = decode(await readFile(join(report.outDir, 'images', 's0', `${first}.png`)));
    expect([png.width, png.height, png.channels]).toEqual([28, 28, 1]);
  });

  it('replaces an earlier report in the same folder, and refuses a folder holding anything else', async () => {
    const again = await renderReport({ ...fixture, dataset: null, outDir: report.outDir });
    expect(await readdir(again.outDir)).not.toContain('images');
    expect(again.model.hasImages).toBe(false);
    const foreign = join(dir, 'foreign');
    await renderReport({ ...fixture, dataset: null, outDir: foreign });
    await rm(join(foreign, 'report.json'));
    await writeFile(join(foreign, 'notes.txt'), 'mine');
    await expect(renderReport({ ...fixture, outDir: foreign })).rejects.toThrow(InvalidInputError);
  });

  it('refuses a missing or mismatched evaluation file', async () => {
    const [first, second] = [...fixture.evaluations.keys()];
    const missing = new Map(fixture.evaluations);
    missing.delete(first ?? '');
    await expect(renderReport({ ...fixture, evaluations: missing, outDir: join(dir, 'missing') })).rejects.toThrow(
      /evaluations\[".*"\]: expected the evaluation file the summary names/,
    );
    const swapped = new Map(fixture.evaluations);
    swapped.set(first ?? '', fixture.evaluations.get(second ?? '') as Evaluation);
    await expect(renderReport({ ...fixture, evaluations: swapped, outDir: join(dir, 'swapped') })).rejects.toThrow(
      InvalidInputError,
    );
  });
});

describe('renderReport (comparison)', () => {
  it('embeds every split of the one h2 and draws no sweep figures', async () => {
    const compared = await renderReport({ ...fixture, outDir: join(dir, 'comparison'), mode: 'comparison' });
    const page = await readFile(compared.indexPath, 'utf8');
    expect(compared.model.dots.map((d) => d.key)).toEqual(['p0-s0', 'p0-s1']);
    expect(page).toContain('data-mode="comparison"');
    expect(await readdir(join(compared.outDir, 'figures'))).toEqual(['p0-s0', 'p0-s1']);
    expect(compared.files.filter((f) => f.startsWith('data/'))).toEqual(['data/p0-s0.js', 'data/p0-s1.js']);
    expect(page).not.toContain('report-verdict');
  });

  it('opens a regression check with its verdict: PASS/FAIL, the versions and every check, escaped, and in the manifest', async () => {
    const verdict = {
      passed: false,
      championUri: 'models:/mnist/1',
      challengerUri: 'models:/mnist/2',
      checks: [
        { rule: 'maxNfr', passed: true, reason: 'NFR (upper 95% bound) 0.01 <= 0.02' },
        { rule: 'minBtc', passed: false, reason: `BTC 0.9 < 0.97 ${XSS_METADATA}` },
      ],
    };
    const checked = await renderReport({ ...fixture, outDir: join(dir, 'verdict'), mode: 'comparison', verdict });
    const page = await readFile(checked.indexPath, 'utf8');
    const banner = /<section id="report-verdict" class="verdict verdict-fail"[^>]*>([\s\S]*?)<\/section>/.exec(
      page,
    )?.[1];
    expect(banner).toBeDefined();
    expect(banner).toContain('Regression check: FAIL');
    expect(banner).toContain('challenger models:/mnist/2 against champion models:/mnist/1');
    expect(banner).toContain(
      '<li class="check-pass"><strong>pass</strong> maxNfr: NFR (upper 95% bound) 0.01 &#60;= 0.02</li>',
    );
    expect(banner).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(banner).not.toContain(XSS_METADATA);
    const manifest = JSON.parse(await readFile(join(checked.outDir, 'report.json'), 'utf8')) as { verdict?: unknown };
    expect(manifest.verdict).toEqual(verdict);
    const passed = await renderReport({
      ...fixture,
      outDir: join(dir, 'verdict'),
      mode: 'comparison',
      verdict: { passed: true, checks: [] },
    });
    expect(await readFile(passed.indexPath, 'utf8')).toContain('Regression check: PASS');
    await expect(
      renderReport({
        ...fixture,
        outDir: join(dir, 'verdict-bad'),
        mode: 'comparison',
        verdict: { passed: true, checks: [{ rule: 'minBtc', passed: 'yes' as unknown as boolean, reason: '' }] },
      }),
    ).rejects.toThrow(/verdict\.checks\[0\]\.passed/);
  });
});

describe('renderReport (tabular data)', () => {
  /** A hostile category: the error table shows it as text, never as markup. */
  const XSS_FEATURE = '<img src=x onerror=alert(3)>';

  it('shows each error instance by its feature values, as the evaluation files carry them, escaped', async () => {
    const small = mnistSweepFixture({ testSize: 2000, trainSize: 2000 });
    // What `@bcml/data`'s `instanceDescriber` writes for a row of an adult-like dataset (tested there).
    const describe = (id: number): string =>
      `age ${17 + (id % 60)} · workclass ${id % 5 === 3 ? XSS_FEATURE : 'State-gov'} · education Bachelors`;
    // The trainer's evaluation files: each error instance's metadata is its description (`pointEvaluation`).
    const evaluations = new Map(
      [...small.evaluations].map(([path, evaluation]) => [
        path,
        { ...evaluation, errors: evaluation.errors.map((e) => ({ ...e, metadata: describe(e.id) })) },
      ]),
    );
    const tabular = await renderReport({ ...small, evaluations, dataset: null, outDir: join(dir, 'tabular') });
    expect(tabular.model.hasImages).toBe(false);
    const page = await readFile(tabular.indexPath, 'utf8');
    const json = new RegExp(`<script type="application/json" id="${POINTS_SCRIPT_ID}">([^<]*)</script>`).exec(page);
    const [point] = JSON.parse(json?.[1] ?? '[]') as PointData[];
    expect(point?.errors.length).toBeGreaterThan(0);
    for (const [id, , , , metadata] of point?.errors ?? []) {
      expect(metadata).toBe(describe(id));
    }
    expect(point?.errors.some((row) => row[4].includes(XSS_FEATURE))).toBe(true);
    expect(page).not.toContain(XSS_FEATURE);
    expect(page).not.toContain('alert(3)>');
    const key = tabular.model.dots[3]?.key ?? '';
    const source = await readFile(join(tabular.outDir, 'data', `${key}.js`), 'utf8');
    let loaded: PointData | undefined;
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- runs the data file as the page would
    (new Function(POINT_CALLBACK, source) as (callback: (k: string, data: PointData) => void) => void)((_, data) => {
      loaded = data;
    });
    expect(loaded?.errors.length).toBeGreaterThan(0);
    expect(loaded?.errors.map((row) => row[4])).toEqual(loaded?.errors.map((row) => describe(row[0])));
  });
});
