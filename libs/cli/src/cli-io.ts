/** Where a command writes: its output and its diagnostics (process streams in `main.ts`, buffers in tests). */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** The environment the command reads (`TEMPORAL_ADDRESS`, `MLFLOW_TRACKING_URI`, `BCML_*`). */
  readonly env: Readonly<Record<string, string | undefined>>;
}
