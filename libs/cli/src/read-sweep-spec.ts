import { readFile } from 'node:fs/promises';

import { InvalidInputError, parseSweepSpec, type SweepSpec } from '@bcml/core';

/** Reads and validates a sweep spec file; a missing file, bad JSON or a bad field is an `InvalidInputError`. */
export async function readSweepSpec(path: string): Promise<{ raw: unknown; spec: SweepSpec }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidInputError('spec file', 'a readable JSON file', `${path} (${(error as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError('spec file', 'valid JSON', `${path} (${(error as Error).message})`);
  }
  return { raw, spec: parseSweepSpec(raw) };
}
