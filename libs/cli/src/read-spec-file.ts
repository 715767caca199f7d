import { readFile, stat } from 'node:fs/promises';

import { InvalidInputError } from '@bcml/core';

/**
 * The largest spec file the CLI sends (1 MiB): a spec is a few kilobytes, and Temporal refuses a workflow input over
 * 2 MB only after the client has sent it, with an error that names no field.
 */
export const MAX_SPEC_FILE_BYTES = 1024 * 1024;

/**
 * Reads a spec file and validates it with `parse` (`parseSweepSpec`, `parseComparisonSpec`, …): resolves the JSON as
 * written (the workflow's input) and the parsed spec. A missing file, one over `MAX_SPEC_FILE_BYTES`, bad JSON or a
 * bad field is an `InvalidInputError`.
 */
export async function readSpecFile<T>(path: string, parse: (raw: unknown) => T): Promise<{ raw: unknown; spec: T }> {
  let text: string;
  try {
    const { size } = await stat(path);
    if (size > MAX_SPEC_FILE_BYTES) {
      throw new InvalidInputError(
        'spec file',
        `a JSON file of at most ${MAX_SPEC_FILE_BYTES} bytes (Temporal refuses workflow inputs over 2 MB)`,
        `${size} bytes (${path})`,
      );
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
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
