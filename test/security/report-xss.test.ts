// The report XSS corpus: 38 payloads in every place a report shows data strings (class names, feature names and
// values, the dataset's and h1's paths, the title), rendered by a real sweep (a crafted Arrow dataset through the
// workers, the bundle downloaded from the artifact store) and by the renderer itself (payloads bcml's own pipeline
// cannot produce, such as every feature name at once), opened in Debian's chromium and used: nothing may run.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { tableFromArrays } from 'apache-arrow';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  CONTROL_TASK_QUEUE,
  InvalidInputError,
  mulberry32,
  parseSweepDatasetSpec,
  parseSweepSpec,
  parseTrainingSpec,
  type SweepResult,
} from '@bcml/core';
import { instanceDescriber, validateDataset, writeDataset } from '@bcml/data';
import { saveModel } from '@bcml/models';
import { renderReport } from '@bcml/reports';
import { readResultFiles } from '@bcml/results';
import { trainCompatibility } from '@bcml/training';

import { experimentRuns } from '../support/experiment-runs.js';
import { chaosSeed, recordFigure } from '../support/reliability.js';
import { startSweepHarness, type SweepHarness } from '../support/sweep-harness.js';
import { payloadTexts, XSS_PAYLOADS, XSS_RECORDER } from '../support/xss-payloads.js';

/** Debian's chromium (the project's bootstrap installs it); playwright-core never downloads a browser. */
const CHROMIUM_PATH = '/usr/bin/chromium';

const P = XSS_PAYLOADS.length;
/** Marker bases: a hit's marker names the placement (thousands) and the payload (the rest). */
const MARK = { className: 1000, featureValue: 2000, featureName: 3000, dataset: 4000, h1: 5000, title: 6000 };
const classNames = payloadTexts(MARK.className);
const featureValues = payloadTexts(MARK.featureValue);
const featureNames = payloadTexts(MARK.featureName);

/** Path segments of the sweep's dataset and h1 folders: payloads a file name can hold (no `/`, `?`, `#`, NUL). */
const segment = (text: string): boolean => !/[/?#\0]/.test(text) && text.length < 200;
const datasetSegments = payloadTexts(MARK.dataset).filter(segment).slice(0, 3);
const h1Segments = payloadTexts(MARK.h1).filter(segment).slice(0, 2);
/** The sweep's feature columns: two numeric features and one text column (shown with the features) named by payloads. */
const sweepFeatures = [featureNames[1]!, featureNames[2]!];
const sweepTextColumn = featureNames[3]!;

const TRAIN_ROWS = 4 * P;
const TEST_ROWS = 2 * P;

let harness: SweepHarness;
let browser: Browser;
/** The report a real sweep rendered, downloaded from the artifact store. */
let sweepReport: string;
/** The same results rendered again with every payload as a feature name, in the dataset's and h1's URIs and the title. */
let rendererReport: string;
/** Placements (field × payload) shown in some report. */
let placements = 0;

/** A split of the crafted dataset: ids, a label of payload class names, payload-named features and a payload text column. */
function craftedSplit(rows: number, offset: number, random: () => number) {
  const ids = Int32Array.from({ length: rows }, (_, i) => offset + i);
  return tableFromArrays({
    id: ids,
    label: Array.from(ids, (id) => classNames[id % P]!),
    [sweepFeatures[0]!]: Float32Array.from({ length: rows }, () => random()),
    [sweepFeatures[1]!]: Float32Array.from({ length: rows }, () => random()),
    [sweepTextColumn]: Array.from(ids, (id) => featureValues[id % P]!),
  });
}

/** A table over the same ids whose 2 numeric features are named by payloads `k` and `k + 1`. */
function namedFeatures(rows: number, offset: number, k: number) {
  return tableFromArrays({
    id: Int32Array.from({ length: rows }, (_, i) => offset + i),
    label: Array.from({ length: rows }, (_, i) => classNames[(offset + i) % P]!),
    [featureNames[k]!]: Float32Array.from({ length: rows }, (_, i) => i / 8),
    [featureNames[(k + 1) % P]!]: Float32Array.from({ length: rows }, (_, i) => i / 4),
  });
}

beforeAll(async () => {
  harness = await startSweepHarness({ prefix: 'bcml-report-xss-' });
  const random = mulberry32(chaosSeed());
  const datasetDir = join(harness.tmp, 'data', ...datasetSegments);
  mkdirSync(datasetDir, { recursive: true });
  await writeDataset(join(datasetDir, 'train.arrow'), craftedSplit(TRAIN_ROWS, 0, random));
  await writeDataset(join(datasetDir, 'test.arrow'), craftedSplit(TEST_ROWS, TRAIN_ROWS, random));

  // h1: a logistic regression trained on the crafted training split, saved in a folder named by payloads.
  const data = await harness.resolveDataset({ uri: datasetDir, trainSplit: 'train', testSplit: 'test' });
  expect(data.classes).toHaveLength(P);
  const h1Spec = parseTrainingSpec({
    model: { kind: 'logistic-regression' },
    optimizer: { kind: 'adam', learningRate: 0.05 },
    epochs: 1,
    batchSize: 32,
    loss: 'new-error/cross-entropy',
    lambda: 0,
    seed: 1,
  });
  const h1 = await trainCompatibility(h1Spec, { data: data.splits['train']! });
  const h1Dir = join(harness.tmp, 'h1', ...h1Segments);
  await saveModel(h1.model, h1Dir);
  h1.model.dispose();

  const name = `report-xss-${Date.now()}`;
  const experiment = `${name} ${payloadTexts(0)[1]!}`;
  const result: SweepResult = await harness.client.workflow.execute('compatibilitySweep', {
    taskQueue: CONTROL_TASK_QUEUE,
    workflowId: `${name}-wf`,
    args: [
      {
        name,
        dataset: { uri: datasetDir },
        h1: { uri: h1Dir },
        h2: {
          model: { kind: 'logistic-regression' },
          optimizer: { kind: 'adam', learningRate: 0.05 },
          epochs: 1,
          batchSize: 32,
        },
        sweep: { lambdas: [0, 1], dissonances: ['new-error'], losses: ['cross-entropy'] },
        execution: {
          pool: 'cpu',
          parallelism: 2,
          maxAttempts: 1,
          heartbeatTimeoutSeconds: 60,
          pointTimeoutSeconds: 300,
        },
        seed: 3,
        // An experiment name is free text: it reaches MLflow as data, never the report.
        tracking: { experiment },
      },
    ],
  });
  expect(result.status).toBe('completed');
  expect(result.counts.completed).toBe(2);
  expect(await experimentRuns(harness.tracking, experiment)).toHaveLength(3);
  sweepReport = join(await harness.reader.fetch(result.reportUri, 'reportUri'), 'index.html');
  expect(existsSync(sweepReport)).toBe(true);
  expect(existsSync(join(sweepReport, '..', 'data', 'instances-s0.js'))).toBe(true);
  placements += 2 * P + sweepFeatures.length + 1 + datasetSegments.length + h1Segments.length;

  // The renderer on the same results, with what a sweep cannot carry: every payload as a feature name (through the
  // real describer over tables whose columns they name), in the dataset's and h1's URIs and in the title.
  const files = await readResultFiles(await harness.reader.fetch(result.summaryUri, 'summaryUri'));
  const describers = Array.from({ length: Math.ceil(P / 2) }, (_, j) => ({
    train: instanceDescriber(validateDataset(namedFeatures(TRAIN_ROWS, 0, 2 * j)))!,
    test: instanceDescriber(validateDataset(namedFeatures(TEST_ROWS, TRAIN_ROWS, 2 * j)))!,
  }));
  const summary = {
    ...files.summary,
    name: payloadTexts(MARK.title).join(' '),
    dataset: { ...files.summary.dataset, uri: payloadTexts(MARK.dataset).join('/') },
    h1: { ...files.summary.h1, uri: payloadTexts(MARK.h1).join('/') },
  };
  const rendered = await renderReport({
    summary,
    evaluations: files.evaluations,
    dataset: {
      describe: (split, id) => describers[id % describers.length]?.[split === 'train' ? 'train' : 'test'](id),
    },
    outDir: join(harness.tmp, 'renderer-report'),
  });
  rendererReport = rendered.indexPath;
  placements += 4 * P;

  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Debian's chromium is missing at ${CHROMIUM_PATH}: install it with the project's bootstrap.`);
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
});

afterAll(async () => {
  await browser?.close();
  await harness?.down();
});

/** Everything a payload could have done on a page. */
interface Watch {
  readonly page: Page;
  readonly dialogs: string[];
  readonly errors: string[];
  /** Requests outside the report's own folder. */
  readonly foreign: string[];
}

/**
 * A page for the report in `folder` with hooks installed before any page script: the recorder `__xss` (a call or an
 * assignment is a hit), and `alert`/`confirm`/`prompt`, `eval`, `Function`, `document.write` and string timers
 * recorded; dialogs, console errors and every request outside the report's folder (network ones aborted) recorded.
 */
async function watchedPage(folderPath: string): Promise<Watch> {
  const folder = pathToFileURL(folderPath).href + '/';
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(15_000);
  const watch: Watch = { page, dialogs: [], errors: [], foreign: [] };
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') watch.errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => watch.errors.push(`pageerror: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(folder) && url !== 'data:,') watch.foreign.push(url);
  });
  await page.route(/^(https?|wss?|ftp):/, (route) => route.abort());
  await page.addInitScript((recorder: string) => {
    const hits: string[] = [];
    const record = (what: string): void => void hits.push(what);
    // A payload's call or assignment (Playwright's own evaluations go through `eval` too, without one).
    const payload = new RegExp(`${recorder}\\s*[(=]`);
    Object.defineProperty(window, '__recorded', { value: hits });
    const call = (marker: unknown): void => record(`call ${String(marker)}`);
    Object.defineProperty(window, recorder, { get: () => call, set: (v: unknown) => record(`assign ${String(v)}`) });
    for (const name of ['alert', 'confirm', 'prompt', 'print'] as const) {
      Object.defineProperty(window, name, { value: (message: unknown) => record(`${name} ${String(message)}`) });
    }
    const originalEval = window.eval;
    window.eval = (source: string) => {
      if (payload.test(String(source))) record(`eval ${String(source)}`);
      return originalEval(source) as unknown;
    };
    const OriginalFunction = window.Function;
    window.Function = new Proxy(OriginalFunction, {
      apply: (target, self, args: unknown[]) => {
        if (payload.test(args.join(' '))) record('Function');
        return Reflect.apply(target, self, args) as unknown;
      },
      construct: (target, args: unknown[]) => {
        if (payload.test(args.join(' '))) record('new Function');
        return Reflect.construct(target, args) as object;
      },
    });
    document.write = (...text: string[]) => record(`document.write ${text.join('')}`);
    document.writeln = (...text: string[]) => record(`document.writeln ${text.join('')}`);
    const originalTimeout = window.setTimeout.bind(window);
    window.setTimeout = ((handler: TimerHandler, ...rest: unknown[]) => {
      if (typeof handler === 'string') record(`setTimeout ${handler}`);
      return originalTimeout(handler, ...(rest as [number]));
    }) as typeof window.setTimeout;
  }, XSS_RECORDER);
  return watch;
}

/** Opens a report's `index.html` from file:// on a `watchedPage` and waits for its first render. */
async function openReport(indexPath: string): Promise<Watch> {
  const watch = await watchedPage(resolve(indexPath, '..'));
  const { page } = watch;
  await page.goto(pathToFileURL(indexPath).href);
  await page.waitForSelector('body[data-ready="true"] #instance-table');
  return watch;
}

/** Hovers up to `limit` visible elements of `selector` (the tooltips render the data strings); returns how many. */
async function hoverAll(page: Page, selector: string, limit: number): Promise<number> {
  const items = page.locator(selector);
  const count = await items.count();
  let hovered = 0;
  for (let i = 0; i < count && hovered < limit; i += 1) {
    await items.nth(i).scrollIntoViewIfNeeded();
    const box = await items.nth(i).boundingBox();
    if (box === null || box.width * box.height === 0) continue; // a zero-height bar
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    hovered += 1;
  }
  return hovered;
}

/** Clicks `next` of a pager until it is disabled; calls `visit` on every page (the first included). */
async function eachPage(page: Page, pager: string, visit: () => Promise<void>): Promise<number> {
  let pages = 1;
  await visit();
  const next = page.locator(`${pager} button.next`);
  while ((await next.count()) === 1 && (await next.isEnabled())) {
    await next.click();
    pages += 1;
    await visit();
  }
  return pages;
}

/** The instance table's Metadata texts, every page of it. */
async function allMetadata(page: Page): Promise<string[]> {
  const texts: string[] = [];
  await eachPage(page, '#instance-pager', async () => {
    texts.push(...(await page.locator('#instance-table td.metadata').allTextContents()));
  });
  return texts;
}

/** The data texts a reader saw while using a report. */
interface Seen {
  /** The instance table's Metadata cells, every page of every split. */
  readonly metadata: string[];
  /** The class bars' tooltips (their SVG titles), every page of every class view. */
  readonly tooltips: string[];
  /** The instance filter's descriptions after clicking a class bar and a flip-table button. */
  readonly filters: string[];
}

/** Clicks the first element of `selector` with a visible box (a zero-height bar is skipped). */
async function clickFirstVisible(page: Page, selector: string): Promise<void> {
  const items = page.locator(selector);
  for (let i = 0; i < (await items.count()); i += 1) {
    const box = await items.nth(i).boundingBox();
    // Dispatched on the element: a rule drawn over the bars would take a pointer click.
    if (box !== null && box.width * box.height > 0) return items.nth(i).dispatchEvent('click');
  }
  throw new Error(`no visible ${selector}`);
}

/**
 * Uses the page as a reader would: hovers the sweep's points and the Venn regions, pages every class view (hovering
 * bars; only with `classes`), pages the instance table of each split, and filters it by a class bar and by the flip
 * table.
 */
async function exercise(page: Page, classes = true): Promise<Seen> {
  const seen: Seen = { metadata: [], tooltips: [], filters: [] };
  expect(await hoverAll(page, '#plot-btc svg a', 10)).toBeGreaterThan(0);
  await hoverAll(page, '#plot-bec svg a', 10);
  expect(await hoverAll(page, '#venn-figure [data-region] path', 3)).toBe(3);
  const views = classes ? await page.locator('#classes [data-view]').count() : 0;
  for (let v = 0; v < views; v += 1) {
    await page.locator('#classes [data-view]').nth(v).click();
    await eachPage(page, '#class-pager', async () => {
      await hoverAll(page, '#class-figure svg a', 1);
      seen.tooltips.push(...(await page.locator('#class-figure svg a title').allTextContents()));
    });
  }
  seen.metadata.push(...(await allMetadata(page)));
  const splits = await page.locator('#pick-split option').allTextContents();
  for (const split of splits.slice(1)) {
    await page.selectOption('#pick-split', { label: split });
    await page.waitForSelector(`#instance-table[data-key]`);
    seen.metadata.push(...(await allMetadata(page)));
  }
  const filter = page.locator('#instance-filter');
  await clickFirstVisible(page, '#class-figure svg a');
  await expect.poll(() => filter.textContent()).toContain('“');
  seen.filters.push((await filter.textContent()) ?? '');
  await page.locator('#flip-table td button').first().click();
  await expect.poll(() => filter.textContent()).toContain('flips of class');
  seen.filters.push((await filter.textContent()) ?? '');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  return seen;
}

/**
 * Asserts nothing ran and nothing from a payload is in the DOM: no recorder hit, no dialog, no error, no foreign
 * request or navigation, no element with an event-handler attribute, no `javascript:`/`data:` link, no frame, base,
 * meta refresh or object, and no script but the bundle's own and its data files.
 */
async function expectInert(watch: Watch, indexPath: string): Promise<void> {
  const { page } = watch;
  expect(await page.evaluate(() => (window as unknown as { __recorded: string[] }).__recorded)).toEqual([]);
  expect(watch.dialogs).toEqual([]);
  expect(watch.errors).toEqual([]);
  expect(watch.foreign).toEqual([]);
  expect(page.url()).toBe(pathToFileURL(indexPath).href);
  const found = await page.evaluate(() => {
    const all = Array.from(document.querySelectorAll('*'));
    return {
      handlers: all.filter((e) => Array.from(e.attributes).some((a) => /^on/i.test(a.name))).map((e) => e.outerHTML),
      links: all
        .filter((e) =>
          ['href', 'src', 'xlink:href', 'action', 'formaction', 'data', 'srcdoc'].some((name) =>
            /^\s*(javascript|data|vbscript):/i.test(e.getAttribute(name) ?? ''),
          ),
        )
        .filter((e) => !(e.tagName === 'LINK' && e.getAttribute('href') === 'data:,'))
        .map((e) => e.outerHTML),
      injected: Array.from(
        document.querySelectorAll(
          'iframe, frame, object, embed, base, meta[http-equiv], img[src="x"], input[autofocus], details[open], math, template, xmp, body style, svg script',
        ),
      )
        // Plot's own stylesheet inside each figure.
        .filter((e) => !(e.tagName === 'style' && (e.textContent ?? '').startsWith(':where(.bcml-plot)')))
        .map((e) => e.outerHTML),
      scripts: Array.from(document.scripts).map((s) => s.getAttribute('src') ?? `inline ${s.type || 'js'} ${s.id}`),
      body: document.body.innerHTML.length,
    };
  });
  expect(found.handlers).toEqual([]);
  expect(found.links).toEqual([]);
  expect(found.injected).toEqual([]);
  // The bundle's own scripts: the model and point JSON, d3, Plot, the page script, and data files it loads.
  const html = readFileSync(indexPath, 'utf8');
  const pointScript = /^data\/p\d+-s\d+\.js$/;
  expect(html.match(/<script\b/gi)?.length).toBe(found.scripts.filter((s) => !pointScript.test(s)).length);
  for (const script of found.scripts) {
    expect(script).toMatch(/^(inline (application\/json bcml-[a-z-]+|js )|data\/[a-z0-9-]+\.js$)/);
  }
}

/**
 * Every file of a bundle a browser may open (the page, point and instance data, static SVG figures) holds the payloads
 * only escaped: no payload's markup appears raw (in an SVG figure opened on its own it would break the file or run).
 */
function expectEscapedFiles(indexPath: string): void {
  const folder = resolve(indexPath, '..');
  const raw = [/<script>__xss/i, /<img src=x onerror=/i, /<svg onload=/i, /<\/script><script>/i, /<iframe srcdoc/i];
  const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(html|js|svg)$/.test(f));
  expect(files.filter((f) => f.endsWith('.svg')).length).toBeGreaterThan(0);
  for (const file of files) {
    const text = readFileSync(join(folder, file), 'utf8');
    for (const pattern of raw) expect(pattern.test(text), `${file} holds ${String(pattern)} raw`).toBe(false);
  }
}

/**
 * Opens every static SVG figure of a bundle on its own (as an artifact viewer or "open image" would): each parses as
 * an SVG document (no XML error page) and runs nothing.
 */
async function expectInertFigures(indexPath: string): Promise<number> {
  const folder = resolve(indexPath, '..');
  const figures = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.svg'));
  const watch = await watchedPage(folder);
  const { page } = watch;
  for (const figure of figures) {
    await page.goto(pathToFileURL(join(folder, figure)).href);
    const root = await page.evaluate(() => ({
      name: document.documentElement.localName,
      errors: document.getElementsByTagName('parsererror').length,
    }));
    expect(root, figure).toEqual({ name: 'svg', errors: 0 });
    expect(await page.evaluate(() => (window as unknown as { __recorded: string[] }).__recorded)).toEqual([]);
  }
  expect(watch.dialogs).toEqual([]);
  expect(watch.errors).toEqual([]);
  expect(watch.foreign).toEqual([]);
  await page.close();
  return figures.length;
}

describe('report XSS corpus in chromium', () => {
  it('spec names: every payload is refused as a sweep name; free-text fields take them as data', () => {
    const base = {
      dataset: { uri: '/data/credit' },
      h1: { uri: '/models/h1' },
      h2: {
        model: { kind: 'logistic-regression' },
        optimizer: { kind: 'adam', learningRate: 0.05 },
        epochs: 1,
        batchSize: 8,
      },
      sweep: { lambdas: [0], dissonances: ['new-error'], losses: ['cross-entropy'] },
    };
    let refused = 0;
    for (const payload of payloadTexts(0)) {
      let error: unknown;
      try {
        parseSweepSpec({ ...base, name: payload });
      } catch (e) {
        error = e;
      }
      expect(error, `sweep name ${JSON.stringify(payload.slice(0, 60))}`).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).message).toMatch(/^invalid name: expected a name of 1 to 100 letters/);
      refused += 1;
    }
    // The experiment name and the dataset URI are free text: refused only with control characters or too long, and
    // then clearly; otherwise accepted as data (the experiment name reaches MLflow, the URI the report).
    for (const [field, parse] of [
      ['tracking.experiment', (p: string) => parseSweepSpec({ ...base, name: 'x', tracking: { experiment: p } })],
      ['dataset.uri', (p: string) => parseSweepDatasetSpec({ uri: p })],
    ] as const) {
      for (const payload of payloadTexts(0)) {
        const bad = /[\u0000-\u001f]/.test(payload) || payload.length > (field === 'dataset.uri' ? 4096 : 200);
        if (!bad) {
          expect(() => parse(payload)).not.toThrow();
          continue;
        }
        expect(() => parse(payload)).toThrow(new RegExp(`^invalid ${field.replace('.', '\\.')}: expected a non-empty`));
        refused += 1;
      }
    }
    expect(refused).toBeGreaterThanOrEqual(P);
    recordFigure({ suite: 'security', figure: 'XSS payloads refused by validation', value: refused });
  });

  it('the hooks catch a payload that is parsed as markup (the check can fail)', async () => {
    const watch = await openReport(sweepReport);
    const { page } = watch;
    // An <img onerror> parsed as markup calls the recorder; an assignment and an alert are recorded too.
    await page.evaluate((html) => {
      const box = document.createElement('div');
      box.innerHTML = html;
      document.body.append(box);
      (window as unknown as Record<string, unknown>)['__xss'] = 9035;
      window.alert('caught');
    }, XSS_PAYLOADS[1]!.text(9001));
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __recorded: string[] }).__recorded))
      .toEqual(expect.arrayContaining(['call 9001', 'assign 9035', 'alert caught']));
    await page.close();
  });

  it('the report of a real sweep on a crafted dataset runs nothing and shows the payloads as text', async () => {
    const watch = await openReport(sweepReport);
    const { page } = watch;
    expectEscapedFiles(sweepReport);
    const { metadata, tooltips, filters } = await exercise(page);
    await expectInert(watch, sweepReport);
    // Class names, as text, in the class bars' tooltips and in the filter a class bar and a flip button set.
    for (const text of [...tooltips, ...filters])
      expect(
        classNames.some((name) => text.includes(name)),
        text,
      ).toBe(true);
    expect(tooltips.length).toBeGreaterThanOrEqual(P);
    // Class names, as text, in the flip table's row headers.
    const rowHeads = await page.locator('#flip-table tbody th').allTextContents();
    expect(rowHeads).toEqual(expect.arrayContaining([classNames[1], classNames[5], classNames[13]]));
    // Feature names and values (cut at 40 characters) in the instance descriptions.
    const seen = metadata.join('\n');
    expect(seen).toContain(`${sweepFeatures[0]} `);
    expect(seen).toContain(`${sweepTextColumn} ${featureValues[1]}`);
    expect(seen).toContain(featureValues[5]);
    // The dataset's and h1's folders in the subtitle.
    const subtitle = (await page.locator('#report-subtitle').textContent()) ?? '';
    for (const text of [...datasetSegments, ...h1Segments]) expect(subtitle).toContain(text);
    expect(await expectInertFigures(sweepReport)).toBeGreaterThan(2);
    await page.close();
  });

  it('the renderer with every payload as a feature name, in the URIs and the title runs nothing', async () => {
    const watch = await openReport(rendererReport);
    const { page } = watch;
    expectEscapedFiles(rendererReport);
    const { metadata } = await exercise(page, false); // the same classes as the sweep's report
    await expectInert(watch, rendererReport);
    // Server-rendered text as the HTML parser keeps it: a NUL dropped (or U+FFFD), whitespace runs collapsed in <title>.
    const parsed = (text: string | null): string =>
      (text ?? '')
        .replace(/[\0\uFFFD]/g, '')
        .replace(/[\t\n\f\r ]+/g, ' ')
        .trim();
    const title = payloadTexts(MARK.title).join(' ');
    expect(parsed(await page.title())).toBe(parsed(`${title} · bcml report`));
    expect(parsed(await page.locator('#report-title').textContent())).toBe(parsed(title));
    const subtitle = parsed(await page.locator('#report-subtitle').textContent());
    expect(subtitle).toContain(parsed(payloadTexts(MARK.dataset).join('/')));
    expect(subtitle).toContain(parsed(payloadTexts(MARK.h1).join('/')));
    expect(await expectInertFigures(rendererReport)).toBeGreaterThan(2);
    const seen = metadata.join('\n');
    const shown = featureNames.filter((name) => seen.includes(`${name} `));
    expect(shown.length).toBeGreaterThan(P / 2);
    await page.close();
    recordFigure({ suite: 'security', figure: 'XSS payloads tried', value: P, target: '≥ 30' });
    recordFigure({ suite: 'security', figure: 'XSS payload placements (fields × payloads)', value: placements });
    recordFigure({ suite: 'security', figure: 'XSS payloads executed', value: 0, target: '0' });
  });
});
