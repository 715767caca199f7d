import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { type Evaluation, type SweepSummary } from '@bcml/core';

import { RESULT_FILES } from './result-layout.js';

/** Writes a JSON file (2-space indented, trailing newline), creating its folder. */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Writes a results folder: `sweep-summary.json` and each evaluation at the path the summary names for it
 * (`evaluations/<point>/<split>.json`). Resolves the summary's path.
 */
export async function writeResultFiles(
  dir: string,
  summary: SweepSummary,
  evaluations: ReadonlyMap<string, Evaluation>,
): Promise<string> {
  for (const [path, evaluation] of evaluations) await writeJsonFile(join(dir, path), evaluation);
  const summaryPath = join(dir, RESULT_FILES.summary);
  await writeJsonFile(summaryPath, summary);
  return summaryPath;
}
