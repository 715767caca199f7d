import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  freePort,
  httpOk,
  mlflowService,
  resolveStackConfig,
  startService,
  stopService,
  type ServiceSpec,
} from '@bcml/infra';

/** A separate MLflow server on a free port with its own temporary data folder (never the main stack's). */
export interface TestMlflowServer {
  readonly spec: ServiceSpec;
  readonly trackingUri: string;
  readonly dataDir: string;
  readonly start: () => Promise<void>;
  readonly stop: () => Promise<void>;
  /** Stops the server and removes its data folder. */
  readonly dispose: () => Promise<void>;
}

/** Basic-auth admin credentials of a server made by `testMlflowServer({ basicAuth: true })`. */
export interface AdminCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * Builds (does not start) a separate MLflow server from the stack's `mlflowService`; with `basicAuth`, the
 * `basic-auth` app with its own auth config and database in the data folder and a random admin password.
 */
export async function testMlflowServer(
  options: { readonly basicAuth?: boolean } = {},
): Promise<TestMlflowServer & { readonly admin: AdminCredentials | undefined }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bcml-mlflow-'));
  const config = resolveStackConfig({
    ...process.env,
    BCML_DATA_DIR: dataDir,
    BCML_MLFLOW_PORT: String(await freePort()),
    BCML_STACK_TIMEOUT_S: '90',
  });
  const base = mlflowService(config);
  const trackingUri = config.mlflow.trackingUri;
  let spec: ServiceSpec = base;
  let admin: AdminCredentials | undefined;
  if (options.basicAuth === true) {
    admin = { username: 'admin', password: randomBytes(18).toString('base64url') };
    const authConfig = join(dataDir, 'basic_auth.ini');
    writeFileSync(
      authConfig,
      [
        '[mlflow]',
        'default_permission = READ',
        `database_uri = sqlite:///${join(dataDir, 'basic_auth.db')}`,
        `admin_username = ${admin.username}`,
        'authorization_function = mlflow.server.auth:authenticate_request_basic_auth',
        '',
      ].join('\n'),
    );
    spec = {
      ...base,
      name: 'mlflow-basic-auth',
      args: [...base.args, '--app-name', 'basic-auth'],
      env: {
        ...base.env,
        MLFLOW_FLASK_SERVER_SECRET_KEY: randomBytes(24).toString('hex'),
        MLFLOW_AUTH_CONFIG_PATH: authConfig,
        // MLflow 3.17 ships no default admin password: the first start creates the admin with this one.
        MLFLOW_AUTH_ADMIN_PASSWORD: admin.password,
      },
      // Everything but /health needs credentials on the basic-auth app.
      isHealthy: () => httpOk(`${trackingUri}/health`, 2000, 'OK'),
    };
  }
  const start = async (): Promise<void> => {
    await startService(spec, config.startTimeoutSeconds);
  };
  const stop = async (): Promise<void> => {
    await stopService(spec);
  };
  return {
    spec,
    trackingUri,
    dataDir,
    admin,
    start,
    stop,
    dispose: async () => {
      try {
        await stop();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
