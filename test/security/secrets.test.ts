import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadDataset } from '@bcml/datasets';
import { createMlflowClient, PARENT_RUN_ID_TAG, trackingConfigFromEnv, type MlflowClient } from '@bcml/tracking';
import { mapLimit, temporalConnectionOptions, temporalTargetFromEnv } from '@bcml/workers';

import { testMlflowServer, type AdminCredentials, type TestMlflowServer } from '../integration/mlflow-test-server.js';
import { runBcml, saveGermanCreditH1, startBcmlWorker, stopAll, type SpawnedProcess } from '../support/bcml-process.js';
import { experimentRuns } from '../support/experiment-runs.js';
import { recordFigure } from '../support/reliability.js';
import { startTlsTemporal, type TlsTemporal } from '../support/tls-temporal.js';

// Credentials end to end: bcml worker processes and `bcml sweep start --wait` reach Temporal over mutual TLS with an
// API key and a basic-auth MLflow server as a non-admin user, read the dataset from an http server behind basic auth
// (credentials from the workers' netrc file), with S3 keys and a canary in their environment. Afterwards every
// workflow history, every output, the report and everything MLflow holds is scanned for each secret: none may show.
// Then the user's password is changed: the running worker's next prepare and a fresh worker fail clearly, once.

const SUITE = 'security';
const tmp = mkdtempSync(join(tmpdir(), 'bcml-secrets-'));
const processes: SpawnedProcess[] = [];
/** A secret with characters that URL and base64 encodings change. */
const secret = (label: string): string => `${label}-${randomBytes(12).toString('hex')}/+=`;
const user = { username: 'bcml-sweeper', password: secret('mlflow-pw') };
const reader = { login: 'dataset-reader', password: secret('dataset-pw') };
const awsSecretKey = secret('aws-secret');
const canary = secret('canary');
/** The user's password after the rotation of the wrong-password test. */
const rotated = secret('rotated');
let temporal: TlsTemporal | undefined;
let mlflow: TestMlflowServer | undefined;
let admin: AdminCredentials;
let data: Server | undefined;
let dataUrl: string;
/** The dataset server's answers: files sent, requests refused (no or wrong credentials). */
const dataRequests = { ok: 0, refused: 0 };
let connection: Connection | undefined;
let client: Client;
/** The environment every bcml process gets: the secrets all there. */
let env: Record<string, string | undefined>;
let tracking: MlflowClient;
let h1Dir: string;
let control: SpawnedProcess;
/** Output of every bcml command run by this file, scanned at the end. */
const outputs: { readonly where: string; readonly text: string }[] = [];

/** The secrets (and the client key's PEM body) the scan looks for. */
const secrets = (): Record<string, string> => ({
  'MLflow password': user.password,
  'MLflow password, rotated': rotated,
  'MLflow admin password': admin.password,
  'dataset password': reader.password,
  'AWS secret key': awsSecretKey,
  canary,
  'Temporal API key': temporal?.apiKey ?? '',
  'TLS client key': readFileSync(temporal?.certs.clientKey ?? '', 'utf8').split('\n')[1] ?? '',
});

/** Every form a secret could leak in: raw, URL-encoded, base64 (alone and in a Basic header with any user). */
function forms(value: string): string[] {
  const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
  return [
    value,
    encodeURIComponent(value),
    b64(value),
    b64(value).replace(/=+$/, ''),
    Buffer.from(value, 'utf8').toString('base64url'),
    b64(`${user.username}:${value}`),
    b64(`${reader.login}:${value}`),
    b64(`admin:${value}`),
  ];
}

/** MLflow's REST API as the admin (user management). */
async function asAdmin(method: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${mlflow?.trackingUri ?? ''}${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${admin.username}:${admin.password}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
}

/** A dataset server of German credit's split files that wants basic auth as `reader`. */
async function startDataServer(): Promise<void> {
  const { files } = await loadDataset('german-credit');
  const expected = `Basic ${Buffer.from(`${reader.login}:${reader.password}`).toString('base64')}`;
  data = createServer((req, res) => {
    const split = /^\/data\/german-credit-(train|test)\.arrow$/.exec(req.url ?? '')?.[1] as
      'train' | 'test' | undefined;
    if (req.headers.authorization !== expected) {
      dataRequests.refused += 1;
      res.writeHead(401, { 'www-authenticate': 'Basic realm="data"' }).end();
    } else if (split === undefined) {
      res.writeHead(404).end();
    } else {
      dataRequests.ok += 1;
      res.end(readFileSync(files[split]));
    }
  });
  await new Promise<void>((resolve) => data?.listen(0, '127.0.0.1', resolve));
  dataUrl = `http://127.0.0.1:${(data.address() as AddressInfo).port}/data/german-credit-{split}.arrow`;
}

/** `bcml <args>` with `extra` on top of `env`; its output is kept for the scan. */
async function bcml(
  where: string,
  args: readonly string[],
  extra: Record<string, string | undefined> = {},
): Promise<{ code: number | null; out: string; err: string }> {
  const result = await runBcml(args, { ...env, ...extra });
  outputs.push({ where: `${where} stdout`, text: result.out }, { where: `${where} stderr`, text: result.err });
  return result;
}

/** A one-epoch, one-point German credit sweep over the http dataset. */
function writeSpec(name: string): string {
  const path = join(tmp, `${name}.json`);
  const spec = {
    name,
    dataset: { uri: dataUrl },
    h1: { uri: h1Dir },
    h2: {
      model: { kind: 'mlp', hidden: [8] },
      optimizer: { kind: 'adam', learningRate: 0.01 },
      epochs: 1,
      batchSize: 64,
    },
    sweep: { lambdas: [1], dissonances: ['new-error'], losses: ['cross-entropy'] },
    execution: { pool: 'cpu', parallelism: 2, maxAttempts: 3, retryIntervalSeconds: 1 },
    seed: 3,
    tracking: { experiment: name },
  };
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

beforeAll(async () => {
  const made = await testMlflowServer({ basicAuth: true });
  mlflow = made;
  if (made.admin === undefined) throw new Error('the basic-auth server has no admin credentials');
  admin = made.admin;
  const [tls] = await Promise.all([startTlsTemporal(join(tmp, 'temporal')), made.start(), startDataServer()]);
  temporal = tls;
  // A non-admin user: what a team's sweeps run as.
  await asAdmin('POST', '/api/2.0/mlflow/users/create', user);
  const netrc = join(tmp, 'netrc');
  writeFileSync(netrc, `machine 127.0.0.1\n  login ${reader.login}\n  password ${reader.password}\n`, { mode: 0o600 });
  env = {
    ...process.env,
    ...tls.env,
    MLFLOW_TRACKING_URI: mlflow.trackingUri,
    MLFLOW_TRACKING_USERNAME: user.username,
    MLFLOW_TRACKING_PASSWORD: user.password,
    NETRC: netrc,
    AWS_ACCESS_KEY_ID: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
    AWS_SECRET_ACCESS_KEY: awsSecretKey,
    AWS_REGION: 'eu-west-1',
    BCML_SECRET_CANARY: canary,
  };
  // The test reads MLflow as the admin (the user's password changes below).
  tracking = createMlflowClient(
    trackingConfigFromEnv({
      MLFLOW_TRACKING_URI: made.trackingUri,
      MLFLOW_TRACKING_USERNAME: admin.username,
      MLFLOW_TRACKING_PASSWORD: admin.password,
    }),
  );
  h1Dir = join(tmp, 'h1');
  // The control worker as configured above; the trainer with the credentials in MLflow's URI instead.
  const userinfo = `${encodeURIComponent(user.username)}:${encodeURIComponent(user.password)}`;
  const [started] = await Promise.all([
    startBcmlWorker('control', 2, { ...env, BCML_DATA_DIR: join(tmp, 'control') }, processes),
    startBcmlWorker(
      'cpu',
      2,
      {
        ...env,
        BCML_DATA_DIR: join(tmp, 'cpu'),
        MLFLOW_TRACKING_URI: mlflow.trackingUri.replace('://', `://${userinfo}@`),
        MLFLOW_TRACKING_USERNAME: undefined,
        MLFLOW_TRACKING_PASSWORD: undefined,
      },
      processes,
    ),
    saveGermanCreditH1(h1Dir),
  ]);
  control = started;
  connection = await Connection.connect(
    temporalConnectionOptions(
      temporalTargetFromEnv(tls.env, () => {
        throw new Error('the TLS environment names the server');
      }),
    ),
  );
  client = new Client({ connection, namespace: tls.namespace });
}, 240_000);

afterAll(async () => {
  await stopAll(processes);
  await connection?.close();
  await new Promise<void>((resolve) => (data === undefined ? resolve() : data.close(() => resolve())));
  await temporal?.close();
  await mlflow?.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

describe('credentials and secrets end to end', () => {
  const name = `secrets-${Date.now()}`;

  it('a sweep over Temporal TLS, basic-auth MLflow and an http dataset behind basic auth completes', async () => {
    const started = await bcml(
      'sweep start --wait',
      ['sweep', 'start', writeSpec(name), '--wait', '--id', `${name}-wf`],
      {
        // The CLI gets the credentials in the URI: the run link it prints must not show them.
        MLFLOW_TRACKING_URI: mlflow?.trackingUri.replace(
          '://',
          `://${user.username}:${encodeURIComponent(user.password)}@`,
        ),
        MLFLOW_TRACKING_USERNAME: undefined,
        MLFLOW_TRACKING_PASSWORD: undefined,
      },
    );
    expect(started.code, `${started.out}\n${started.err}`).toBe(0);
    expect(started.out).toMatch(new RegExp(`^MLflow run: ${mlflow?.trackingUri ?? ''}/#/runs/\\w+$`, 'm'));
    const runs = await experimentRuns(tracking, name);
    const parents = runs.filter((r) => r.data.tags[PARENT_RUN_ID_TAG] === undefined);
    expect(parents.map((r) => r.info.status)).toEqual(['FINISHED']);
    expect(runs.filter((r) => r.info.status === 'FINISHED')).toHaveLength(2);
    expect(dataRequests.ok).toBeGreaterThanOrEqual(2);
    expect(dataRequests.refused).toBe(0);
    expect(temporal?.proxy.calls.some((call) => call.path.endsWith('/StartWorkflowExecution'))).toBe(true);
    expect(temporal?.proxy.calls.every((call) => call.authorization === `Bearer ${temporal?.apiKey ?? ''}`)).toBe(true);
    recordFigure({ suite: SUITE, figure: 'MLflow basic-auth sweep completed', value: '1/1', target: '1/1' });
    recordFigure({ suite: SUITE, figure: 'TLS sweep completed', value: '1/1', target: '1/1' });
  }, 300_000);

  it('a spec with credentials in its dataset URL is refused with the URL redacted, before Temporal sees it', async () => {
    const path = join(tmp, 'inline.json');
    const inline = dataUrl.replace('://', `://${reader.login}:${encodeURIComponent(reader.password)}@`);
    writeFileSync(path, readFileSync(writeSpec(`${name}-inline`), 'utf8').replace(dataUrl, inline));
    const refused = await bcml('sweep start (credentials in the spec)', [
      'sweep',
      'start',
      path,
      '--id',
      `${name}-inline`,
    ]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('invalid dataset.uri: expected a URL without credentials');
    expect(refused.err).toContain('"http://***@127.0.0.1:');
    await expect(client.workflow.getHandle(`${name}-inline`).describe()).rejects.toThrow(/not found/i);
  });

  it("a wrong MLflow password fails clearly and once: the running worker's prepare, the CLI, a new worker", async () => {
    const old = user.password;
    await asAdmin('PATCH', '/api/2.0/mlflow/users/update-password', { username: user.username, password: rotated });
    const failing = `${name}-wrong`;
    const begun = Date.now();
    // The running control worker's next prepare (through the CLI), and a worker started with the old password.
    const [cli, worker] = await Promise.all([
      bcml('sweep start (wrong password)', ['sweep', 'start', writeSpec(failing), '--wait', '--id', `${failing}-wf`]),
      bcml('worker (wrong password)', ['worker', '--pool', 'control'], {
        BCML_DATA_DIR: join(tmp, 'wrong'),
        MLFLOW_TRACKING_PASSWORD: old,
      }),
    ]);
    const seconds = (Date.now() - begun) / 1000;
    expect(cli.code).toBe(1);
    expect(cli.err).toContain('HTTP 401');
    expect(cli.err).toContain('MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD');
    // prepareSweep failed once, non-retryably: no retry for minutes.
    const history = await client.workflow.getHandle(`${failing}-wf`).fetchHistory();
    const events = history.events ?? [];
    const prepare = events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'prepareSweep');
    expect(prepare).toHaveLength(1);
    const failed = events.find(
      (e) => e.activityTaskFailedEventAttributes !== undefined && e.activityTaskFailedEventAttributes !== null,
    );
    expect(failed?.activityTaskFailedEventAttributes?.failure?.applicationFailureInfo?.nonRetryable).toBe(true);
    const started = events.find(
      (e) => e.activityTaskStartedEventAttributes?.scheduledEventId?.toString() === prepare[0]?.eventId?.toString(),
    );
    expect(started?.activityTaskStartedEventAttributes?.attempt).toBe(1);
    expect(seconds).toBeLessThan(60);

    // The worker refuses to start, naming the variables.
    expect(worker.code).not.toBe(0);
    expect(worker.err).toContain('HTTP 401');
    expect(worker.err).toContain('MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD');
    expect(worker.out).not.toContain('bcml worker: pool');
    for (const output of [cli, worker, { out: control.stdout(), err: control.stderr() }]) {
      for (const form of forms(old)) expect(`${output.out}${output.err}`).not.toContain(form);
    }
    recordFigure({
      suite: SUITE,
      figure: 'wrong password failed clearly (worker, CLI)',
      value: '2/2',
      target: '2/2',
    });
  }, 300_000);

  it('no secret shows in any workflow history, output, report or MLflow record; credential URLs are redacted', async () => {
    const places: { where: string; text: string }[] = [...outputs];
    // Every workflow of the namespace (the sweep, its children), payloads decoded.
    const decode = (_key: string, value: unknown): unknown => {
      if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
      const buffer = value as { type?: unknown; data?: unknown } | null;
      if (buffer?.type === 'Buffer' && Array.isArray(buffer.data))
        return Buffer.from(buffer.data as number[]).toString('utf8');
      return value;
    };
    let histories = 0;
    for await (const execution of client.workflow.list()) {
      const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
      places.push({ where: `history of ${execution.workflowId}`, text: JSON.stringify(history, decode) });
      histories += 1;
    }
    expect(histories).toBeGreaterThanOrEqual(1);
    for (const proc of processes) {
      places.push(
        { where: `worker ${proc.pid} stdout`, text: proc.stdout() },
        { where: `worker ${proc.pid} stderr`, text: proc.stderr() },
      );
    }
    // MLflow: the experiment, every run (name, params, tags, metric names, dataset inputs), its artifact list and
    // the artifact files themselves (the report bundle, summaries, models); the model registry.
    const experiment = await tracking.getExperimentByName(name);
    places.push({ where: 'experiment', text: JSON.stringify(experiment) });
    const runs = await experimentRuns(tracking, name);
    for (const run of runs) {
      places.push({ where: `run ${run.info.runId}`, text: JSON.stringify(run) });
      const files = await tracking.listArtifactFiles(run.info.artifactUri);
      places.push({ where: `artifacts of ${run.info.runId}`, text: JSON.stringify(files) });
      // The parent run's files (report bundle, summary) all; the points' text files (a model's weights are binary).
      const parentRun = run.data.tags[PARENT_RUN_ID_TAG] === undefined;
      const wanted = files.filter((f) => parentRun || /(\.(json|html|txt|csv|yaml)|MLmodel)$/.test(f.path));
      await mapLimit(wanted, 4, async (file) => {
        const local = join(tmp, 'artifacts', run.info.runId, file.path);
        await tracking.downloadArtifact(run.info.artifactUri, file.path, local);
        places.push({ where: `${run.info.runId}/${file.path}`, text: readFileSync(local).toString('latin1') });
      });
    }
    const registry = await fetch(`${mlflow?.trackingUri ?? ''}/api/2.0/mlflow/registered-models/search`, {
      headers: { authorization: `Basic ${Buffer.from(`${admin.username}:${admin.password}`).toString('base64')}` },
    });
    places.push({ where: 'model registry', text: await registry.text() });
    const reportFiles = places.filter((p) => /\/report\//.test(p.where));
    expect(reportFiles.length).toBeGreaterThan(0);

    const leaks: string[] = [];
    for (const [label, value] of Object.entries(secrets())) {
      expect(value.length).toBeGreaterThan(8);
      for (const form of forms(value)) {
        for (const place of places) if (place.text.includes(form)) leaks.push(`${label} in ${place.where}`);
      }
    }
    const bytes = places.reduce((sum, p) => sum + Buffer.byteLength(p.text), 0);
    expect(leaks).toEqual([]);
    recordFigure({ suite: SUITE, figure: 'places scanned', value: places.length });
    recordFigure({ suite: SUITE, figure: 'bytes scanned', value: bytes });
    recordFigure({ suite: SUITE, figure: 'secret leaks found', value: leaks.length, target: '0' });

    // Wherever a URL of the dataset or MLflow server shows, it has no credentials (or `***` for them).
    const hosts = [new URL(dataUrl.replace('{split}', 'x')).host, new URL(mlflow?.trackingUri ?? '').host];
    const shown = places.filter((p) => hosts.some((host) => p.text.includes(host)));
    const withCredentials = shown.filter((p) =>
      hosts.some((host) => new RegExp(`://(?!\\*\\*\\*@)[^/\\s"'@]+@${host.replace(/\./g, '\\.')}`).test(p.text)),
    );
    expect(withCredentials.map((p) => p.where)).toEqual([]);
    // Where bcml shows the dataset: the parent run's params and every run's dataset inputs.
    const parent = runs.find((r) => r.data.tags[PARENT_RUN_ID_TAG] === undefined);
    expect(parent?.data.params['dataset.uri']).toBe(dataUrl);
    const inputs = runs.flatMap((r) => r.inputs);
    expect(inputs.length).toBeGreaterThan(0);
    // MLflow keeps the URL as a URL (its `{split}` percent-encoded), without credentials.
    const shownUrl = dataUrl.replace('{split}', '%7Bsplit%7D');
    for (const input of inputs) expect(JSON.parse(input.source)).toEqual({ url: shownUrl });
    expect(shown.length).toBeGreaterThanOrEqual(4);
    recordFigure({
      suite: SUITE,
      figure: 'credential URLs redacted (places)',
      value: `${shown.length - withCredentials.length}/${shown.length}`,
      target: 'all',
    });
  }, 300_000);
});
