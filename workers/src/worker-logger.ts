/** Where the activities log (structurally `console`, a Temporal logger or `@bcml/training`'s `TrainingLogger`+warn). */
export interface WorkerLogger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
}
