/** The files of a sweep's (or a comparison's, or a regression check's) working folder, `runKeyDir(storageDir, runKey)`. */
export const SWEEP_FILES = {
  h1Outputs: 'h1-outputs',
  initialModel: 'initial-model',
  summary: 'sweep-summary.json',
  report: 'report',
} as const;
