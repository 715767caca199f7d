// Debian's chromium driven by playwright-core (never a downloaded browser), and a page that records every console
// error, uncaught exception and dialog, for the browser tests.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { type Browser, chromium, type Page } from 'playwright-core';

/** Where the project's bootstrap installs Debian's chromium (apt-get install chromium). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The repository's gitignored test output folder. */
export const TEST_RESULTS = fileURLToPath(new URL('../../../.test-results/', import.meta.url));

/** Screenshots of the browser tests. */
export const SCREENSHOT_DIR = join(TEST_RESULTS, 'screenshots');

/** Launches headless chromium; fails (never skips) with a clear message when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Debian's chromium is missing at ${CHROMIUM_PATH}: the browser tests need it. Install it with the project's ` +
        'bootstrap (`npm run bootstrap`, which runs `apt-get install chromium`); playwright-core never downloads one.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A page with everything that went wrong on it. */
export interface WatchedPage {
  readonly page: Page;
  /** Console errors and uncaught exceptions. */
  readonly errors: string[];
  /** Messages of `alert`/`confirm`/`prompt` dialogs (each is dismissed). */
  readonly dialogs: string[];
}

/** A new page (1280×900) that records console errors, page errors and dialogs. */
export async function watchedPage(browser: Browser): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { page, errors, dialogs };
}

/** Saves a screenshot under `.test-results/screenshots/<name>.png`. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}
