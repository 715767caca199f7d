import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { freePorts, resolveStackConfig, StackError, startService, stopService, temporalService } from '@bcml/infra';

import { startGrpcTlsProxy, type GrpcTlsProxy } from './grpc-tls-proxy.js';
import { makeTestCertificates, type TestCertificates } from './test-certificates.js';

/** A Temporal dev server behind a mutual-TLS terminator that wants an API key, as `startTlsTemporal` starts it. */
export interface TlsTemporal {
  readonly proxy: GrpcTlsProxy;
  readonly certs: TestCertificates;
  readonly namespace: string;
  /** The bearer token the proxy records (a secret the clients must never print). */
  readonly apiKey: string;
  /** The Temporal CLI's variables that reach the server through the proxy (address, TLS files, API key). */
  readonly env: Readonly<Record<string, string>>;
  /** Closes the proxy and stops the server. */
  close(): Promise<void>;
}

/** The server name in the throwaway server certificate. */
export const TLS_SERVER_NAME = 'temporal.bcml.test';

/**
 * Starts the Temporal dev server alone (no MLflow) on fresh ports under `dir` (retried when another process takes a
 * port first), with throwaway certificates and a TLS proxy in front that requires a client certificate.
 */
export async function startTlsTemporal(dir: string): Promise<TlsTemporal> {
  mkdirSync(dir, { recursive: true });
  const certs = makeTestCertificates(dir, TLS_SERVER_NAME);
  for (let attempt = 1; ; attempt += 1) {
    const [port, uiPort, mlflowPort] = (await freePorts(3)) as [number, number, number];
    const config = resolveStackConfig({
      BCML_DATA_DIR: join(dir, `stack-${attempt}`),
      BCML_TEMPORAL_PORT: String(port),
      BCML_TEMPORAL_UI_PORT: String(uiPort),
      BCML_MLFLOW_PORT: String(mlflowPort),
    });
    const spec = temporalService(config);
    try {
      await startService(spec, 60);
    } catch (error) {
      await stopService(spec);
      if (!(error instanceof StackError) || attempt === 3) throw error;
      continue;
    }
    let proxy: GrpcTlsProxy;
    try {
      proxy = await startGrpcTlsProxy({
        cert: readFileSync(certs.serverCert),
        key: readFileSync(certs.serverKey),
        clientCa: readFileSync(certs.ca),
        upstream: spec.urls['Temporal gRPC'] as string,
      });
    } catch (error) {
      await stopService(spec);
      throw error;
    }
    const apiKey = `bcml-test-api-key-${randomUUID()}`;
    const namespace = config.temporal.namespace;
    return {
      proxy,
      certs,
      namespace,
      apiKey,
      env: {
        TEMPORAL_ADDRESS: proxy.address,
        TEMPORAL_NAMESPACE: namespace,
        TEMPORAL_TLS: 'true',
        TEMPORAL_TLS_CLIENT_CERT_PATH: certs.clientCert,
        TEMPORAL_TLS_CLIENT_KEY_PATH: certs.clientKey,
        TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.ca,
        TEMPORAL_TLS_SERVER_NAME: TLS_SERVER_NAME,
        TEMPORAL_API_KEY: apiKey,
      },
      close: async () => {
        await proxy.close();
        await stopService(spec);
      },
    };
  }
}
