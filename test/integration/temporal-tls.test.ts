import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';

import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type LogEntry } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli, type CliIo } from '@bcml/cli';
import { CONTROL_TASK_QUEUE, type ControlActivities } from '@bcml/core';
import {
  createStackProbeActivities,
  runWorker,
  temporalConnectionOptions,
  temporalTargetFromEnv,
  type TemporalTarget,
} from '@bcml/workers';

import { spawnBcml, stopAll, type SpawnedProcess } from '../support/bcml-process.js';
import { type GrpcTlsProxy } from '../support/grpc-tls-proxy.js';
import { type TestCertificates } from '../support/test-certificates.js';
import { startTlsTemporal, type TlsTemporal } from '../support/tls-temporal.js';

// A real Temporal deployment behind mutual TLS and an API key: the dev server (which has no TLS flags) behind a TLS
// terminator that requires a client certificate from a throwaway CA and records the `authorization` header of
// every call. The CLI's client, `runWorker` and a `bcml worker` process reach it through the Temporal CLI's variables.

const tmp = mkdtempSync(join(tmpdir(), 'bcml-temporal-tls-'));
const logs: LogEntry[] = [];
const workers: SpawnedProcess[] = [];
/** The dev server behind the TLS proxy (`startTlsTemporal`, shared with the security suite). */
let server: TlsTemporal | undefined;
let proxy: GrpcTlsProxy | undefined;
let certs: TestCertificates;
let namespace: string;
/** The bearer token the proxy records. */
let API_KEY: string;
/** The Temporal CLI's variables that reach the server through the proxy. */
let tlsEnv: Record<string, string>;

/** `bcml <args>` in this process, with `env`: its exit code and output. */
async function bcml(args: readonly string[], env: CliIo['env']): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { env, out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

const target = (env: CliIo['env']): TemporalTarget =>
  temporalTargetFromEnv(env, () => {
    throw new Error('TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE are set');
  });

/** Why a worker's connection (`NativeConnection`) with `env` fails, or undefined when it connects. */
async function connectError(env: CliIo['env']): Promise<Error | undefined> {
  try {
    const connection = await NativeConnection.connect(temporalConnectionOptions(target(env)));
    await connection.close();
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('INFO', (entry) => logs.push(entry)) });
  server = await startTlsTemporal(tmp);
  ({ proxy, certs, namespace, apiKey: API_KEY } = server);
  tlsEnv = { ...server.env };
});

afterAll(async () => {
  await stopAll(workers);
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('a Temporal server behind mutual TLS and an API key', () => {
  it('bcml creates, describes and deletes a schedule through it, sending the key as a bearer token', async () => {
    const spec = join(tmp, 'regression.json');
    writeFileSync(
      spec,
      JSON.stringify({ name: 'tls-nightly', dataset: { uri: 'bcml:datasets/adult' }, registeredModel: 'tls-model' }),
    );
    const before = proxy?.calls.length ?? 0;
    const created = await bcml(['schedule', 'create', spec, '--cron', '0 3 * * *'], tlsEnv);
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    expect(created.out).toContain('created schedule tls-nightly');
    const described = await bcml(['schedule', 'describe', 'tls-nightly'], tlsEnv);
    expect(described.code).toBe(0);
    expect(described.out).toContain(`compatibilityRegression on ${CONTROL_TASK_QUEUE}`);
    expect((await bcml(['schedule', 'delete', 'tls-nightly'], tlsEnv)).code).toBe(0);

    const calls = proxy?.calls.slice(before) ?? [];
    expect(calls.map((call) => call.path)).toContain('/temporal.api.workflowservice.v1.WorkflowService/CreateSchedule');
    expect(calls.every((call) => call.authorization === `Bearer ${API_KEY}`)).toBe(true);
    for (const output of [created, described]) expect(`${output.out}${output.err}`).not.toContain(API_KEY);
  });

  it('runWorker polls through it and runs a workflow and its activity; the key stays out of the logs', async () => {
    const options = target(tlsEnv);
    const stop = new AbortController();
    let ready: () => void = () => undefined;
    const polling = new Promise<void>((resolve) => (ready = resolve));
    // The control pool's workflows include stackProbe; its activity stands in for the control activities.
    const activities = createStackProbeActivities({ workerIdentity: 'tls-worker' }) as unknown as ControlActivities;
    const running = runWorker({
      pool: 'control',
      activities,
      concurrency: 1,
      temporal: options,
      signal: stop.signal,
      shutdownSignals: [],
      shutdownGraceTimeMs: 1000,
      onReady: () => ready(),
    });
    const connection = await Connection.connect(temporalConnectionOptions(options));
    try {
      await Promise.race([polling, running]);
      const workflowId = `tls-probe-${randomUUID()}`;
      const result = await new Client({ connection, namespace }).workflow.execute('stackProbe', {
        taskQueue: CONTROL_TASK_QUEUE,
        workflowId,
        args: [{ message: 'over TLS' }],
      });
      expect(result).toEqual({
        workflowId,
        echoed: 'over TLS',
        taskQueue: CONTROL_TASK_QUEUE,
        workerIdentity: 'tls-worker',
      });
    } finally {
      stop.abort();
      await running;
      await connection.close();
    }
    const workerCalls = proxy?.calls.filter((call) => call.path.endsWith('/PollWorkflowTaskQueue')) ?? [];
    expect(workerCalls.length).toBeGreaterThan(0);
    expect(workerCalls.every((call) => call.authorization === `Bearer ${API_KEY}`)).toBe(true);
    expect(logs.length).toBeGreaterThan(0);
    expect(inspect(logs, { depth: null })).not.toContain(API_KEY);
  });

  it('bcml worker connects with the same variables and polls bcml-control; its output never shows the key', async () => {
    const before = proxy?.calls.length ?? 0;
    const worker = spawnBcml(['worker', '--pool', 'control', '--concurrency', '1'], {
      ...process.env,
      ...tlsEnv,
      BCML_DATA_DIR: join(tmp, 'worker-data'),
      MLFLOW_TRACKING_URI: 'http://127.0.0.1:1',
    });
    workers.push(worker);
    await worker.waitForStdout(/^bcml worker: pool control, task queue bcml-control/m, 120_000);
    const connection = await NativeConnection.connect(temporalConnectionOptions(target(tlsEnv)));
    try {
      let identities: string[] = [];
      for (let tries = 0; tries < 50 && !identities.includes(worker.identity); tries += 1) {
        const described = await connection.workflowService.describeTaskQueue({
          namespace,
          taskQueue: { name: CONTROL_TASK_QUEUE },
        });
        identities = (described.pollers ?? []).map((poller) => poller.identity ?? '');
        if (!identities.includes(worker.identity)) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(identities).toContain(`${worker.pid}@${hostname()}`);
    } finally {
      await connection.close();
    }
    await stopAll([worker]);
    expect(worker.stdout()).toContain('bcml worker: stopped');
    const polls = proxy?.calls.slice(before).filter((call) => call.path.endsWith('/PollWorkflowTaskQueue')) ?? [];
    expect(polls.length).toBeGreaterThan(0);
    expect(polls.every((call) => call.authorization === `Bearer ${API_KEY}`)).toBe(true);
    expect(`${worker.stdout()}${worker.stderr()}`).not.toContain(API_KEY);
  });

  it('refuses a client without a client certificate, or that trusts another CA, with a clear error', async () => {
    const noClientCert = {
      ...tlsEnv,
      TEMPORAL_TLS_CLIENT_CERT_PATH: undefined,
      TEMPORAL_TLS_CLIENT_KEY_PATH: undefined,
    };
    const refused = await connectError(noClientCert);
    // The worker's connection (Temporal's core) reports the server's alert, or, when the server's TLS 1.3 alert comes
    // after the client's first request (the client finishes its side of the handshake first), the closed connection
    // (or, writing into it, a broken pipe): a race of the protocol (seen in a fresh-clone run and on a loaded machine).
    // The server's refusal is why, either way.
    expect(refused?.message).toMatch(/CertificateRequired|connection closed|broken pipe/);
    expect(proxy?.refusedHandshakes.join('\n')).toMatch(/certificate/i);
    const wrongCa = await connectError({ ...tlsEnv, TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.otherCa });
    expect(wrongCa?.message).toContain('UnknownIssuer');

    // bcml's client (grpc-js) only times out; bcml names the address and the handshake's own error.
    const noCert = await bcml(['schedule', 'describe', 'tls-nightly'], noClientCert);
    expect(noCert.code).toBe(1);
    expect(noCert.err).toMatch(
      new RegExp(
        `^bcml: cannot connect to Temporal at ${proxy?.address}: the TLS handshake failed: .*certificate required`,
      ),
    );
    const untrusted = await bcml(['schedule', 'describe', 'tls-nightly'], {
      ...tlsEnv,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.otherCa,
    });
    expect(untrusted.code).toBe(1);
    expect(untrusted.err).toMatch(
      /the TLS handshake failed: (self-signed certificate in certificate chain|unable to get local issuer certificate)/,
    );
    for (const text of [refused?.message, wrongCa?.message, noCert.err, untrusted.err]) {
      expect(text).not.toContain(API_KEY);
    }
  });

  it('names the variable of a bad setting before connecting (exit 2)', async () => {
    const maybe = await bcml(['schedule', 'describe', 'x'], { ...tlsEnv, TEMPORAL_TLS: 'maybe' });
    expect(maybe.code).toBe(2);
    expect(maybe.err).toBe('bcml: invalid TEMPORAL_TLS: expected true or false, received "maybe"\n');
    const missing = join(tmp, 'missing.key');
    const unreadable = await bcml(['schedule', 'describe', 'x'], { ...tlsEnv, TEMPORAL_TLS_CLIENT_KEY_PATH: missing });
    expect(unreadable.code).toBe(2);
    expect(unreadable.err).toContain(`invalid TEMPORAL_TLS_CLIENT_KEY_PATH`);
    expect(unreadable.err).toContain('ENOENT');
  });
});
