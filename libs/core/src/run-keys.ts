/**
 * The business key of one workflow run, `<spec name>/<workflow id>`: activities tag their MLflow runs and name their
 * files with it, so that a retried activity finds (`getOrCreateRun`) what its earlier attempt made.
 */
export function workflowRunKey(name: string, workflowId: string): string {
  return `${name}/${workflowId}`;
}

/** The business key of one sweep point, `<sweep run key>/<point id>` (e.g. `adult/sweep-1/new-error/cross-entropy/0.25`). */
export function pointRunKey(sweepRunKey: string, pointId: string): string {
  return `${sweepRunKey}/${pointId}`;
}
