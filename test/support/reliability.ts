import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from '@bcml/infra';

/**
 * Whether the chaos and security suites run their long version (`npm run test:chaos` sets `BCML_CHAOS=long`); CI
 * runs the short one.
 */
export const CHAOS_LONG = process.env['BCML_CHAOS'] === 'long';

/** `short` in CI, `long` under `npm run test:chaos`: trial counts, outage lengths, sweep sizes. */
export function chaosSize<T>(short: T, long: T): T {
  return CHAOS_LONG ? long : short;
}

/** The seed of the suites' random choices (`BCML_CHAOS_SEED`, default 20261205): a failing trial replays with it. */
export function chaosSeed(): number {
  const raw = process.env['BCML_CHAOS_SEED'];
  if (raw === undefined || raw === '') return 20261205;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`BCML_CHAOS_SEED: expected an integer, got ${JSON.stringify(raw)}`);
  return seed;
}

/** One figure of README's Reliability table, as a suite measured it on this machine. */
export interface ReliabilityFigure {
  /** The suite's row group, e.g. `worker faults`. */
  readonly suite: string;
  /** What was counted, e.g. `SIGKILL trials run`. */
  readonly figure: string;
  /** The count or measurement, e.g. `10`, `10/10`, `0`, `0.12 s`. */
  readonly value: string | number;
  /** What the issue asks for, e.g. `0` or `< 1 s`. */
  readonly target?: string;
}

/** Where `recordFigure` writes (one JSON file per figure), read by `test/support/print-reliability.ts`. */
export const RELIABILITY_DIR = join(repoRoot, '.test-results', 'reliability');

/**
 * Records a figure: prints `reliability: <suite> · <figure> = <value>` and writes it under `RELIABILITY_DIR`, from
 * which `npm test` and `npm run test:chaos` print the Reliability table at their end.
 */
export function recordFigure(figure: ReliabilityFigure): void {
  const mode = CHAOS_LONG ? 'long' : 'short';
  console.log(`reliability (${mode}): ${figure.suite} · ${figure.figure} = ${String(figure.value)}`);
  mkdirSync(RELIABILITY_DIR, { recursive: true });
  const slug = `${figure.suite}--${figure.figure}`.replace(/[^a-zA-Z0-9]+/g, '-').slice(0, 120);
  writeFileSync(join(RELIABILITY_DIR, `${slug}.json`), JSON.stringify({ ...figure, mode }));
}
