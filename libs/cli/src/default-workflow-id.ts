/** A workflow id for a spec started without `--id`: `<spec name>-<ISO time with ":" and "." as "-">`. */
export function defaultWorkflowId(name: string, now: Date = new Date()): string {
  return `${name}-${now.toISOString().replace(/[:.]/g, '-')}`;
}
