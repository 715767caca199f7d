/** One long-running process of the local stack: how to start it, where it logs, how to tell it is ready. */
export interface ServiceSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Ports the service binds, each with the environment variable that moves it. */
  readonly ports: readonly { readonly host: string; readonly port: number; readonly setting: string }[];
  /** Folders that must exist before the service starts. */
  readonly dirs: readonly string[];
  readonly logFile: string;
  readonly pidFile: string;
  /** The URLs a person opens, printed by `up` and `status`. */
  readonly urls: Readonly<Record<string, string>>;
  /** Resolves true once the service answers its health check; never rejects. */
  readonly isHealthy: () => Promise<boolean>;
}
