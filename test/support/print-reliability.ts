import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { RELIABILITY_DIR, type ReliabilityFigure } from './reliability.js';

// Prints the figures the chaos and security suites recorded in this run (`recordFigure`) as README's Reliability
// table: `tsx test/support/print-reliability.ts`.

const files = existsSync(RELIABILITY_DIR) ? readdirSync(RELIABILITY_DIR).filter((f) => f.endsWith('.json')) : [];
const figures = files
  .map((f) => JSON.parse(readFileSync(join(RELIABILITY_DIR, f), 'utf8')) as ReliabilityFigure & { mode: string })
  .sort((a, b) => a.suite.localeCompare(b.suite) || a.figure.localeCompare(b.figure));
if (figures.length === 0) {
  console.log('reliability: no figures recorded');
} else {
  console.log('| suite | figure | value | target | run |');
  console.log('|---|---|---:|---|---|');
  for (const f of figures)
    console.log(`| ${f.suite} | ${f.figure} | ${String(f.value)} | ${f.target ?? ''} | ${f.mode} |`);
}
