import { createRequire } from 'node:module';

/** Absolute path of the workflow bundle's entry (`@bcml/workflows`), for `Worker.create({ workflowsPath })`. */
export function workflowsPath(): string {
  return createRequire(import.meta.url).resolve('@bcml/workflows');
}
