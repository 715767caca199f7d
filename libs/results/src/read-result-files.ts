import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';

import {
  EVALUATION_SCHEMA,
  type Evaluation,
  InvalidInputError,
  SWEEP_SUMMARY_SCHEMA,
  type SweepSummary,
} from '@bcml/core';

import { RESULT_FILES } from './result-layout.js';

/** A sweep's result files read from a folder: the summary, and a loader for the evaluation files it names. */
export interface ResultFiles {
  readonly summary: SweepSummary;
  /** Reads `evaluations/<point>/<split>.json` (a path the summary names, relative to the folder). */
  readonly evaluations: (path: string) => Promise<Evaluation>;
}

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
}

function schemaOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (value as { schema?: unknown }).schema : undefined;
}

/**
 * Reads `sweep-summary.json` from `dir` and returns it with a loader of its evaluation files. Checks the schema
 * tags (`bcml.sweep-summary/1`, `bcml.evaluation/1`) and refuses evaluation paths that leave the folder.
 */
export async function readResultFiles(dir: string): Promise<ResultFiles> {
  const root = resolve(dir);
  const summary = await readJson(resolve(root, RESULT_FILES.summary));
  if (schemaOf(summary) !== SWEEP_SUMMARY_SCHEMA) {
    throw new InvalidInputError(`${RESULT_FILES.summary} schema`, `"${SWEEP_SUMMARY_SCHEMA}"`, schemaOf(summary));
  }
  const evaluations = async (path: string): Promise<Evaluation> => {
    const file = resolve(root, path);
    const inside = relative(root, file);
    if (inside.startsWith(`..${sep}`) || inside === '..' || resolve(root, inside) !== file) {
      throw new InvalidInputError('evaluation path', 'a path inside the result folder', path);
    }
    return readEvaluationFile(file, path);
  };
  return { summary: summary as SweepSummary, evaluations };
}

/** Reads one evaluation file (`bcml.evaluation/1`, checked); `label` names it in errors. */
export async function readEvaluationFile(file: string, label: string): Promise<Evaluation> {
  const evaluation = await readJson(file);
  if (schemaOf(evaluation) !== EVALUATION_SCHEMA) {
    throw new InvalidInputError(`${label} schema`, `"${EVALUATION_SCHEMA}"`, schemaOf(evaluation));
  }
  return evaluation as Evaluation;
}
