// The rendered report in a real browser: Debian's chromium via playwright-core, opened from file:// (and over
// HTTP from a nested path, and in a sandboxed blob: iframe as MLflow's artifact viewer shows HTML).
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { type RenderedReport, renderReport } from '@bcml/reports';
import { readResultFiles, writeResultFiles } from '@bcml/results';

import { mnistSweepFixture, XSS_METADATA } from './fixtures/mnist-sweep.js';

/** Which instances the sweep report's dataset describes, and how (markup that must stay text). */
const described = (id: number): boolean => id % 2 === 0 && id % 7 !== 3 && id % 11 !== 5;
const describedText = (id: number): string => `<img src=y onerror=alert(4)> described ${id}`;
import { refreshClientScript } from './support/client-script-build.js';
import { launchChromium, screenshot, TEST_RESULTS, type WatchedPage, watchedPage } from './support/browser.js';

const SWEEP_DIR = join(TEST_RESULTS, 'reports', 'mnist-sweep');
const COMPARISON_DIR = join(TEST_RESULTS, 'reports', 'mnist-comparison');

let browser: Browser;
let sweep: RenderedReport;
let comparison: RenderedReport;
let watched: WatchedPage | null = null;

beforeAll(async () => {
  // The page script under test must be the bundle of src/client as it is now.
  if (!(await refreshClientScript()).fresh) {
    throw new Error('src/client-script.generated.ts was stale and has been regenerated: run the tests again');
  }
  // Render from result files on disk, read back as the pipeline's report step will.
  const fixture = mnistSweepFixture();
  const resultDir = join(TEST_RESULTS, 'reports', 'mnist-sweep-results');
  await writeResultFiles(resultDir, fixture.summary, fixture.evaluations);
  const { summary, evaluations } = await readResultFiles(resultDir);
  // Some instances are described (a tabular dataset's feature values, here with markup that must stay text); not
  // those whose own metadata carries the fixture's payloads (id % 7 = 3, id % 11 = 5).
  const describe = (_split: string, id: number): string | undefined => (described(id) ? describedText(id) : undefined);
  sweep = await renderReport({ summary, evaluations, dataset: { ...fixture.dataset, describe }, outDir: SWEEP_DIR });
  comparison = await renderReport({
    summary,
    evaluations,
    dataset: fixture.dataset,
    outDir: COMPARISON_DIR,
    mode: 'comparison',
    verdict: {
      passed: false,
      championUri: 'models:/mnist/1',
      challengerUri: 'models:/mnist/2',
      checks: [
        { rule: 'maxNfr', passed: true, reason: 'NFR (upper 95% bound) 0.01 <= 0.02' },
        { rule: 'minBtc', passed: false, reason: `BTC (lower 95% bound) 0.9 < 0.97 ${XSS_METADATA}` },
      ],
    },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

afterEach(async () => {
  if (watched === null) return;
  const { page, errors, dialogs } = watched;
  watched = null;
  await page.close();
  expect(dialogs, 'no dialog may open (nothing from the data may run)').toEqual([]);
  expect(errors, 'the page must not log errors').toEqual([]);
});

/** Opens a report from file:// and waits until its first render is complete; returns the time it took (ms). */
async function open(report: RenderedReport): Promise<{ page: WatchedPage['page']; ms: number }> {
  watched = await watchedPage(browser);
  const { page } = watched;
  const started = performance.now();
  await page.goto(pathToFileURL(report.indexPath).href);
  await page.waitForSelector(`body[data-ready="true"] #instances[data-point-key="${report.model.defaultKey}"]`);
  return { page, ms: performance.now() - started };
}

/** The dot key of (dissonance, λ label, split name) in the sweep model. */
function keyOf(dissonance: string, lambda: string, split: string): string {
  const { model } = sweep;
  const dot = model.dots.find((d) => {
    const point = model.points[d.point];
    return (
      model.dissonances[point?.dissonance ?? -1] === dissonance &&
      model.lambdas[point?.lambda ?? -1]?.label === lambda &&
      model.splits[d.split]?.name === split
    );
  });
  if (dot === undefined) throw new Error(`no dot for ${dissonance} ${lambda} ${split}`);
  return dot.key;
}

/** Clicks a Venn region at a point where it is the topmost element (a crescent's box centre lies in the lens). */
async function clickRegion(page: WatchedPage['page'], region: 'progress' | 'common' | 'regress'): Promise<void> {
  const path = page.locator(`#venn-figure [data-region="${region}"] path`);
  await path.scrollIntoViewIfNeeded();
  const point = await path.evaluate((element) => {
    const box = element.getBoundingClientRect();
    for (let i = 1; i < 40; i += 1) {
      const x = box.left + (box.width * i) / 40;
      const y = box.top + box.height / 2;
      if (document.elementFromPoint(x, y) === element) return { x, y };
    }
    return null;
  });
  if (point === null) throw new Error(`no visible point of region ${region}`);
  await page.mouse.click(point.x, point.y);
}

/** The natural widths of the instance images, once every one has loaded or failed. */
async function imageWidths(page: WatchedPage['page']): Promise<number[]> {
  const images = page.locator('#instance-table td.image img');
  await expect
    .poll(() => images.evaluateAll((imgs) => imgs.every((img) => (img as HTMLImageElement).complete)))
    .toBe(true);
  return images.evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth));
}

const cell = (page: WatchedPage['page'], field: string) =>
  page.locator(`#details-table tr[data-field="${field}"] td`).first();

describe('the sweep report from file://', () => {
  it('opens in under 2 s (asserted loosely on this shared machine) with every section drawn', async () => {
    const { page, ms } = await open(sweep);
    console.log(`report open time (file://, 2×5 sweep, 10,000 test + 60,000 train instances): ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(5000);
    expect(await page.locator('#plot-btc svg a').count()).toBe(sweep.model.dots.length + 1);
    expect(await page.locator('#plot-bec svg a').count()).toBe(sweep.model.dots.length + 1);
    expect(await page.locator('#venn-figure [data-region]').count()).toBe(3);
    expect(await page.locator('#instance-table tbody tr').count()).toBe(10);
    expect(await cell(page, 'lambda').textContent()).toBe('0.1');
    expect(await page.title()).toBe('mnist-lenet-resnet & <sweep> · bcml report');
    await screenshot(page, 'sweep-overview', true);
  });

  it('clicking a scatter point selects it: the details, the Venn and the table update', async () => {
    const { page } = await open(sweep);
    const key = keyOf('strict-imitation', '0.6', 'test');
    await page.locator('#plot-btc [aria-label="λ 0.6, strict-imitation, test"]').click();
    await page.waitForSelector(`#instances[data-point-key="${key}"]`);
    expect(await cell(page, 'lambda').textContent()).toBe('0.6');
    expect(await cell(page, 'dissonance').textContent()).toBe('strict-imitation');
    expect(await page.locator('#details-table').getAttribute('data-key')).toBe(key);
    expect(await page.locator('#instance-table').getAttribute('data-key')).toBe(key);
    const dot = sweep.model.dots.find((d) => d.key === key);
    expect(await cell(page, 'btc').textContent()).toContain(dot?.btc?.value.toFixed(3) ?? 'missing');
    // The picker follows the click.
    expect(await page.locator('#pick-lambda option:checked').textContent()).toBe('0.6');
    expect(await page.locator('#pick-dissonance option:checked').textContent()).toBe('strict-imitation');
    // The selected point is drawn again, larger, on both plots.
    expect(await page.locator('#plot-bec [aria-label="selected: λ 0.6, strict-imitation, test"]').count()).toBe(1);
    await screenshot(page, 'sweep-point-selected');
  });

  it('hovering a point shows its λ', async () => {
    const { page } = await open(sweep);
    await page.locator('#plot-bec [aria-label="λ 0.3, new-error, train"]').hover();
    await expect.poll(() => page.locator('#bcml-tooltip').textContent()).toContain('λ 0.3 · new-error · train');
    expect(await page.locator('#bcml-tooltip').isVisible()).toBe(true);
  });

  it('the keyboard point picker and Enter on a focused point select points', async () => {
    const { page } = await open(sweep);
    await page.selectOption('#pick-split', { label: 'train' });
    await page.waitForSelector(`#instances[data-point-key="${keyOf('new-error', '0.1', 'train')}"]`);
    await page.selectOption('#pick-lambda', { label: '1' });
    await page.waitForSelector(`#instances[data-point-key="${keyOf('new-error', '1', 'train')}"]`);
    expect(await cell(page, 'split').textContent()).toContain('train');
    await page.locator('#plot-btc a:has([aria-label="λ 0.3, new-error, test"])').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector(`#instances[data-point-key="${keyOf('new-error', '0.3', 'test')}"]`);
    expect(await cell(page, 'lambda').textContent()).toBe('0.3');
  });

  it('filters by split, dissonance and λ range; the h1 lines stay; a hidden selection is flagged', async () => {
    const { page } = await open(sweep);
    const dots = () => page.locator('#plot-btc svg a').count();
    await page.locator('input[data-split="1"]').uncheck();
    expect(await dots()).toBe(10 + 1);
    expect(await page.locator('#plot-btc').textContent()).toContain('h1 test');
    await page.locator('input[data-dissonance="1"]').uncheck();
    expect(await dots()).toBe(5 + 1);
    await page.locator('#lambda-lo').fill('2'); // λ ≥ 0.3: the selected λ 0.1 point is filtered out
    expect(await page.locator('#lambda-lo-label').textContent()).toBe('0.3');
    expect(await dots()).toBe(3);
    expect(await page.locator('#selection-hidden').count()).toBe(1);
    expect(await page.locator('#pick-lambda option').allTextContents()).toEqual(['0.1 (knee)', '0.3', '0.6', '1']);
  });

  it('clicking a Venn region filters the instance table; clicking again clears it', async () => {
    const { page } = await open(sweep);
    const point = sweep.model.defaultKey ?? '';
    const regress = await page.locator('#venn-figure [data-region="regress"]').getAttribute('aria-label');
    const count = Number(/Regress: (\d+)/.exec(regress ?? '')?.[1]);
    expect(count).toBeGreaterThan(10);
    await clickRegion(page, 'regress');
    await expect.poll(() => page.locator('#instance-table').getAttribute('data-rows')).toBe(String(count));
    const regions = await page
      .locator('#instance-table tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-region')));
    expect(new Set(regions)).toEqual(new Set(['regress']));
    expect(await page.locator('#instance-filter').textContent()).toContain('Regress');
    expect(await page.locator('#instance-pager .page-label').textContent()).toBe(`Rows 1 of ${Math.ceil(count / 10)}`);
    expect(await page.locator('[data-legend-region="regress"]').getAttribute('aria-pressed')).toBe('true');
    await page.locator('#venn-figure [data-region="common"] path').hover();
    await expect
      .poll(() => page.locator('#bcml-tooltip').textContent())
      .toMatch(/^Common: \d+ \(\d+\.\d{3}% of 10,000\)$/);
    await screenshot(page, 'venn-regress-filter');
    await clickRegion(page, 'regress');
    await expect.poll(() => page.locator('#instance-filter').textContent()).toContain('All instances');
    // The legend buttons do the same from the keyboard.
    await page.locator('[data-legend-region="progress"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#instance-filter').textContent()).toContain('Progress');
    expect(await page.locator('#instances').getAttribute('data-point-key')).toBe(point);
  });

  it('pages through classes and rows, and class bars cross-filter the table', async () => {
    const { page } = await open(sweep);
    const ticks = () => page.locator('#class-figure svg [aria-label="fx-axis tick label"] text').allTextContents();
    expect(await ticks()).toEqual(['zero', 'one', 'two', 'three', 'four']);
    await page.locator('#class-pager .next').click();
    expect(await ticks()).toEqual(['five', 'six', 'seven', 'eight', 'nine <b>9</b>']);
    expect(await page.locator('#class-pager .page-label').textContent()).toBe('Classes 2 of 2');
    const firstRow = () => page.locator('#instance-table tbody tr').first().getAttribute('data-id');
    const before = await firstRow();
    await page.locator('#instance-pager .next').click();
    expect(await page.locator('#instance-pager .page-label').textContent()).toMatch(/^Rows 2 of \d+$/);
    expect(await firstRow()).not.toBe(before);
    // Incompatible points of class "seven" (page 2 of the classes): shares are of all classes.
    await page.locator('#classes [data-view="incompatible"]').click();
    const bar = page.locator('#class-figure svg a[href="#incompatible-7"] rect, #class-figure svg a rect').first();
    expect(await bar.count()).toBe(1);
    await page.locator('#class-figure [aria-label^="seven:"]').click();
    await expect
      .poll(() => page.locator('#instance-filter').textContent())
      .toContain('Incompatible points of class “seven”');
    const truths = await page.locator('#instance-table tbody tr td:last-child').allTextContents();
    expect(new Set(truths)).toEqual(new Set(['seven']));
    expect(await page.locator('#instance-pager .page-label').textContent()).toMatch(/^Rows 1 of \d+$/);
    await page.locator('#classes [data-view="accuracy"]').click();
    await page.locator('#class-figure [aria-label^="six · h2:"]').click();
    await expect.poll(() => page.locator('#instance-filter').textContent()).toContain('Errors of h2 on class “six”');
    await screenshot(page, 'classes-page-2');
  });

  it('shows metadata and class names with markup as text, and runs none of it', async () => {
    const { page } = await open(sweep);
    const metadata = await page.locator('#instance-table td.metadata').allTextContents();
    expect(metadata.some((m) => m.startsWith(XSS_METADATA))).toBe(true);
    expect(metadata.some((m) => m.startsWith('</script><script>alert(2)</script>'))).toBe(true);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('#instance-table td.metadata *').count()).toBe(0);
    // Described instances show the text of the split's shared instance file (as text), the others their own metadata.
    const rows = await page
      .locator('#instance-table tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [Number(tr.getAttribute('data-id')), tr.querySelector('td.metadata')?.textContent ?? '']),
      );
    for (const [id, text] of rows as [number, string][]) {
      if (described(id)) expect(text).toBe(describedText(id));
      else expect(text).not.toContain('described');
    }
    expect(rows.some(([id]) => described(id as number))).toBe(true);
    expect(await page.locator('img[src="y"]').count()).toBe(0);
    expect(await page.locator('#flip-table th', { hasText: 'nine <b>9</b>' }).count()).toBe(1);
    expect(await page.locator('#flip-table b, #report-title *').count()).toBe(0);
    expect(await page.locator('#report-title').textContent()).toBe('mnist-lenet-resnet & <sweep>');
    // Images are PNG files rendered at build time.
    const widths = await imageWidths(page);
    expect(widths).toEqual(Array.from({ length: 10 }, () => 28));
  });

  it('the flip table filters the instance table by a class’s positive flips', async () => {
    const { page } = await open(sweep);
    await page.locator('#flip-table tr[data-class-index="6"] td.pf button').click();
    await expect.poll(() => page.locator('#instance-filter').textContent()).toContain('Positive flips of class “six”');
    const rows = await page
      .locator('#instance-table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-region')));
    expect(new Set(rows)).toEqual(new Set(['progress']));
  });
});

describe('the comparison report', () => {
  it('shows h1 against one h2 without the sweep, and switches splits', async () => {
    const { page } = await open(comparison);
    expect(await page.locator('#sweep').count()).toBe(0);
    expect(await page.locator('#venn-figure [data-region]').count()).toBe(3);
    expect(await page.locator('#details-table tr[data-field="lambda"]').count()).toBe(0);
    // The regression verdict stays atop the page once the script has drawn it; data strings stay text.
    const verdict = page.locator('#report-verdict');
    expect(await verdict.locator('h2').textContent()).toBe('Regression check: FAIL');
    expect(await verdict.locator('li.check-fail').textContent()).toContain(XSS_METADATA);
    expect(await verdict.locator('img').count()).toBe(0);
    await page.locator('#comparison-splits button', { hasText: 'train' }).click();
    await page.waitForSelector('#instances[data-point-key="p0-s1"]');
    expect(await cell(page, 'split').textContent()).toContain('train');
    await screenshot(page, 'comparison', true);
  });
});

describe('served elsewhere', () => {
  it('works over HTTP from a nested artifact path (relative links to sibling files)', async () => {
    const prefix = '/api/2.0/mlflow-artifacts/artifacts/1/run0001/artifacts/report/';
    const types: Record<string, string> = {
      '.html': 'text/html',
      '.js': 'text/javascript',
      '.png': 'image/png',
      '.svg': 'image/svg+xml',
    };
    const server: Server = createServer((request, response) => {
      const path = decodeURIComponent((request.url ?? '').split('?')[0] ?? '');
      const relative = normalize(path.slice(prefix.length));
      if (!path.startsWith(prefix) || relative.startsWith('..')) return void response.writeHead(404).end();
      readFile(join(SWEEP_DIR, relative)).then(
        (body) =>
          response.writeHead(200, { 'content-type': types[extname(relative)] ?? 'application/octet-stream' }).end(body),
        () => response.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      watched = await watchedPage(browser);
      const { page } = watched;
      await page.goto(`http://127.0.0.1:${port}${prefix}index.html`);
      await page.waitForSelector('body[data-ready="true"]');
      await page.selectOption('#pick-lambda', { label: '0.6' });
      await page.waitForSelector(`#instances[data-point-key="${keyOf('new-error', '0.6', 'test')}"]`);
      const widths = await imageWidths(page);
      expect(widths.every((w) => w === 28)).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('inside a sandboxed blob: iframe (MLflow’s HTML artifact view) the embedded point still renders', async () => {
    watched = await watchedPage(browser);
    const { page } = watched;
    const html = await readFile(sweep.indexPath, 'utf8');
    await page.setContent(
      '<!doctype html><body style="margin:0"><iframe id="artifact" sandbox="allow-scripts" style="width:1260px;height:880px;border:0"></iframe></body>',
    );
    await page.evaluate((text) => {
      const frame = document.getElementById('artifact') as HTMLIFrameElement;
      frame.src = URL.createObjectURL(new Blob([text], { type: 'text/html' }));
    }, html);
    const frame = page.frameLocator('#artifact');
    await frame.locator(`body[data-ready="true"] #instances[data-point-key="${sweep.model.defaultKey}"]`).waitFor();
    expect(await frame.locator('#plot-btc svg a').count()).toBe(sweep.model.dots.length + 1);
    expect(await frame.locator('#venn-figure [data-region]').count()).toBe(3);
    expect(await frame.locator('#instance-table tbody tr').count()).toBe(10);
    await expect
      .poll(() => frame.locator('#instance-table td.image').allTextContents())
      .toEqual(Array.from({ length: 10 }, () => '(no image)'));
    // Sibling files cannot be reached from a blob: document: the images say "(no image)", and the page says why
    // another point cannot load instead of failing silently.
    await frame.locator('#pick-lambda').selectOption({ label: '0.6' });
    await expect.poll(() => frame.locator('#point-status').textContent()).toContain('Could not load data/');
  });
});
