/** Where the training library logs (structurally a Temporal activity logger or a `console`-like object). */
export interface TrainingLogger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** A logger that drops everything. */
export const silentLogger: TrainingLogger = { info: () => undefined };
