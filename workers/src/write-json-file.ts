import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import { type Evaluation, type SweepSummary } from '@bcml/core';

/** Writes a result file (a summary or an evaluation) as indented JSON, creating its folder. */
export async function writeJsonFile(path: string, value: SweepSummary | Evaluation): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}
