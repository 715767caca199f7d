import { readFile } from 'node:fs/promises';

import { InvalidInputError } from '@bcml/core';

/**
 * Reads a spec file and validates it with `parse` (`parseSweepSpec`, `parseComparisonSpec`, …): resolves the JSON as
 * written (the workflow's input) and the parsed spec. A missing file, bad JSON or a bad field is an
 * `InvalidInputError`.
 */
export async function readSpecFile<T>(path: string, parse: (raw: unknown) => T): Promise<{ raw: unknown; spec: T }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidInputError('spec file', 'a readable JSON file', `${path} (${(error as Error).message})`, {
      cause: error,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError('spec file', 'valid JSON', `${path} (${(error as Error).message})`, { cause: error });
  }
  return { raw, spec: parse(raw) };
}
