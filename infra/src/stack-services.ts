import { join } from 'node:path';

import { httpOk } from './http-ok.js';
import { runCommand } from './run-command.js';
import type { ServiceSpec } from './service-spec.js';
import type { StackConfig } from './stack-config.js';

/** Paths of the project-local tools that `infra/scripts/bootstrap.sh` installs. */
export function toolPaths(config: StackConfig): { temporal: string; mlflow: string; python: string } {
  return {
    temporal: join(config.toolsDir, 'bin', 'temporal'),
    mlflow: join(config.toolsDir, 'venv', 'bin', 'mlflow'),
    python: join(config.toolsDir, 'venv', 'bin', 'python'),
  };
}

/** The Temporal dev server: persistent sqlite, loopback, no version check and no UI news fetch. */
export function temporalService(config: StackConfig): ServiceSpec {
  const { temporal } = config;
  const stateDir = join(config.dataDir, 'temporal');
  const binary = toolPaths(config).temporal;
  return {
    name: 'temporal',
    command: binary,
    args: [
      'server',
      'start-dev',
      '--db-filename',
      join(stateDir, 'temporal.sqlite'),
      '--ip',
      temporal.host,
      '--port',
      String(temporal.port),
      '--ui-ip',
      temporal.host,
      '--ui-port',
      String(temporal.uiPort),
      '--ui-disable-news-fetch',
      '--namespace',
      temporal.namespace,
      '--sqlite-pragma',
      'journal_mode=wal',
      '--sqlite-pragma',
      'synchronous=normal',
      '--dynamic-config-value',
      'frontend.enableServerVersionCheck=false',
      '--log-format',
      'json',
      '--log-level',
      'warn',
    ],
    env: { TEMPORAL_VERSION_CHECK_DISABLED: '1' },
    ports: [
      { host: temporal.host, port: temporal.port, setting: 'BCML_TEMPORAL_PORT' },
      { host: temporal.host, port: temporal.uiPort, setting: 'BCML_TEMPORAL_UI_PORT' },
    ],
    dirs: [stateDir],
    logFile: join(config.dataDir, 'logs', 'temporal.log'),
    pidFile: join(config.dataDir, 'run', 'temporal.pid'),
    urls: { 'Temporal gRPC': temporal.address, 'Temporal UI': temporal.uiUrl },
    isHealthy: async () => {
      if (!(await httpOk(temporal.uiUrl))) return false;
      const health = await runCommand(binary, ['operator', 'cluster', 'health', '--address', temporal.address], {
        timeoutMs: 5000,
      });
      return health.code === 0 && health.stdout.includes('SERVING');
    },
  };
}

/** The MLflow tracking server: sqlite backend store, proxied artifacts in the data folder, loopback. */
export function mlflowService(config: StackConfig): ServiceSpec {
  const { mlflow } = config;
  const stateDir = join(config.dataDir, 'mlflow');
  const artifactsDir = join(stateDir, 'artifacts');
  return {
    name: 'mlflow',
    command: toolPaths(config).mlflow,
    args: [
      'server',
      '--host',
      mlflow.host,
      '--port',
      String(mlflow.port),
      '--backend-store-uri',
      `sqlite:///${join(stateDir, 'mlflow.db')}`,
      '--serve-artifacts',
      '--artifacts-destination',
      artifactsDir,
      '--workers',
      '1',
    ],
    // No telemetry or update checks from a server that must work offline.
    env: {
      MLFLOW_DISABLE_TELEMETRY: 'true',
      DO_NOT_TRACK: 'true',
      PYTHONUNBUFFERED: '1',
      // The job runner (GenAI scorers) is unused here and would add ~8 Python processes.
      MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false',
    },
    ports: [{ host: mlflow.host, port: mlflow.port, setting: 'BCML_MLFLOW_PORT' }],
    dirs: [stateDir, artifactsDir],
    logFile: join(config.dataDir, 'logs', 'mlflow.log'),
    pidFile: join(config.dataDir, 'run', 'mlflow.pid'),
    urls: { 'MLflow UI and tracking URI': mlflow.trackingUri },
    isHealthy: async () =>
      (await httpOk(`${mlflow.trackingUri}/health`, 2000, 'OK')) && (await httpOk(`${mlflow.trackingUri}/`, 5000)),
  };
}

/** The services of the local stack, in start order. */
export function stackServices(config: StackConfig): readonly ServiceSpec[] {
  return [temporalService(config), mlflowService(config)];
}
