import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

import { isRetryableStatus, isTransientDatabaseAnswer, MlflowError } from './mlflow-error.js';
import { defaultRetryDeps, withRetry, type RetryDeps } from './retry-policy.js';
import type { TrackingConfig } from './tracking-config.js';

/** What `createMlflowClient` can be given instead of the real thing (tests inject a failing `fetch`). */
export interface MlflowClientDeps {
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Milliseconds since the epoch, for run start/end times and metric timestamps. */
  readonly now?: () => number;
}

/** The HTTP methods the MLflow REST API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';

/** One JSON API request. */
export interface JsonRequest {
  readonly query?: Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;
  /** Sent as JSON; callers pre-encode non-finite doubles as MLflow does (`"NaN"`, `"Infinity"`). */
  readonly body?: unknown;
  /** False for the one attempt of a non-idempotent step whose caller retries a larger unit itself. */
  readonly retry?: boolean;
}

/** The tracking API prefix. */
export const TRACKING_API = '/api/2.0/mlflow';
/** The artifact proxy prefix (`mlflow server --serve-artifacts`). */
export const ARTIFACTS_API = '/api/2.0/mlflow-artifacts/artifacts';

/** The transport under the client: auth header, timeouts, error mapping, retries with backoff. */
export interface MlflowHttp {
  readonly trackingUri: string;
  readonly now: () => number;
  readonly retryDeps: RetryDeps;
  readonly config: TrackingConfig;
  /** A JSON call to `path` (from `/api/...`); resolves the parsed body (`{}` when empty). */
  json(method: HttpMethod, path: string, request?: JsonRequest): Promise<unknown>;
  /** Streams `localFile` to the artifact proxy at `artifactPath` (relative to the artifact root). */
  upload(artifactPath: string, localFile: string): Promise<void>;
  /** Writes `content` (small: an MLmodel file, a JSON summary) to the artifact proxy at `artifactPath`. */
  put(artifactPath: string, content: string | Uint8Array): Promise<void>;
  /** Streams the artifact at `artifactPath` into `localFile` (written to `<file>.partial`, then renamed). */
  download(artifactPath: string, localFile: string): Promise<void>;
}

/** Builds the transport for `config`. */
export function createMlflowHttp(config: TrackingConfig, deps: MlflowClientDeps = {}): MlflowHttp {
  const doFetch = deps.fetch ?? fetch;
  const retryDeps: RetryDeps = {
    sleep: deps.sleep ?? defaultRetryDeps.sleep,
    random: deps.random ?? defaultRetryDeps.random,
  };
  const now = deps.now ?? Date.now;
  const base = new URL(`${config.trackingUri}/`);
  const authorization = authorizationHeader(config);

  const urlOf = (path: string, query?: JsonRequest['query']): URL => {
    const url = new URL(path.replace(/^\/+/, ''), base);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value as readonly string[]) url.searchParams.append(key, item);
      else url.searchParams.set(key, String(value));
    }
    return url;
  };
  const headers = (extra: Record<string, string>): Record<string, string> =>
    authorization === undefined ? extra : { ...extra, authorization };

  const retrying = <T>(attempt: () => Promise<T>, retry = true): Promise<T> =>
    withRetry(
      attempt,
      (error) =>
        error instanceof MlflowError
          ? { retryable: error.retryable, retryAfterMs: error.retryAfterMs }
          : { retryable: false },
      retry ? config.retry : { ...config.retry, maxAttempts: 1 },
      retryDeps,
      (error, attempts) => (error instanceof MlflowError ? error.afterAttempts(attempts) : error),
    );

  const send = async (method: HttpMethod, url: URL, init: RequestInit): Promise<Response> => {
    try {
      return await doFetch(url, { ...init, method, redirect: 'follow' });
    } catch (error) {
      throw networkError(method, url.pathname, error);
    }
  };

  return {
    trackingUri: config.trackingUri,
    now,
    retryDeps,
    config,
    json: (method, path, request = {}) => {
      const url = urlOf(path, request.query);
      const body = request.body === undefined ? undefined : JSON.stringify(request.body);
      return retrying(async () => {
        const response = await send(method, url, {
          headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
          signal: AbortSignal.timeout(config.requestTimeoutMs),
          ...(body === undefined ? {} : { body }),
        });
        let text: string;
        try {
          text = await response.text();
        } catch (error) {
          throw networkError(method, url.pathname, error);
        }
        if (!response.ok) throw httpError(method, url.pathname, response, text);
        if (text.trim() === '') return {};
        try {
          return JSON.parse(text) as unknown;
        } catch (error) {
          throw new MlflowError(`MLflow ${method} ${url.pathname}: the server answered with invalid JSON`, {
            method,
            endpoint: url.pathname,
            status: response.status,
            errorCode: undefined,
            retryable: false,
            cause: error,
          });
        }
      }, request.retry ?? true);
    },
    upload: (artifactPath, localFile) => {
      const url = urlOf(`${ARTIFACTS_API}/${encodePath(artifactPath)}`);
      return retrying(async () => {
        const { size } = await stat(localFile);
        const stream = createReadStream(localFile);
        try {
          // Node's fetch streams a Readable body (with `duplex: 'half'`); the casts keep this file valid in a program
          // that also loads the `dom` lib, whose BodyInit and RequestInit know no Node streams and no duplex.
          const init: RequestInit & { duplex: 'half' } = {
            headers: headers({ 'content-type': 'application/octet-stream', 'content-length': String(size) }),
            // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- needed under the dom lib
            body: stream as unknown as NonNullable<RequestInit['body']>,
            duplex: 'half',
          };
          const response = await send('PUT', url, init);
          const text = await response.text().catch(() => '');
          if (!response.ok) throw httpError('PUT', url.pathname, response, text);
        } finally {
          stream.destroy();
        }
      });
    },
    put: (artifactPath, content) => {
      const url = urlOf(`${ARTIFACTS_API}/${encodePath(artifactPath)}`);
      return retrying(async () => {
        const response = await send('PUT', url, {
          headers: headers({ 'content-type': 'application/octet-stream' }),
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- needed under the dom lib
          body: content as unknown as NonNullable<RequestInit['body']>,
        });
        const text = await response.text().catch(() => '');
        if (!response.ok) throw httpError('PUT', url.pathname, response, text);
      });
    },
    download: (artifactPath, localFile) => {
      const url = urlOf(`${ARTIFACTS_API}/${encodePath(artifactPath)}`);
      const partial = `${localFile}.partial`;
      return retrying(async () => {
        const response = await send('GET', url, { headers: headers({}) });
        if (!response.ok || response.body === null) {
          throw httpError('GET', url.pathname, response, await response.text().catch(() => ''));
        }
        await mkdir(dirname(localFile), { recursive: true });
        const writer = createWriteStream(partial);
        try {
          await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), writer);
        } catch (error) {
          await rm(partial, { force: true });
          // A failed write (disk full, permissions) is local and not retryable; a broken body is the network.
          if (writer.errored !== null) throw error;
          throw networkError('GET', url.pathname, error);
        }
        await rename(partial, localFile);
      });
    },
  };
}

/** Percent-encodes each segment of a `/`-separated artifact path. */
export function encodePath(path: string): string {
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map(encodeURIComponent)
    .join('/');
}

function authorizationHeader(config: TrackingConfig): string | undefined {
  const { auth } = config;
  if (auth === undefined) return undefined;
  if (auth.kind === 'bearer') return `Bearer ${auth.token.reveal()}`;
  return `Basic ${Buffer.from(`${auth.username}:${auth.password.reveal()}`, 'utf8').toString('base64')}`;
}

function networkError(method: string, endpoint: string, error: unknown): MlflowError {
  const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
  const why = timedOut ? 'the request timed out' : `network error (${networkCode(error)})`;
  return new MlflowError(`MLflow ${method} ${endpoint}: ${why}`, {
    method,
    endpoint,
    status: undefined,
    errorCode: undefined,
    retryable: true,
    cause: error,
  });
}

function networkCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return error instanceof Error ? error.message : 'unknown';
}

function httpError(method: string, endpoint: string, response: Response, text: string): MlflowError {
  let errorCode: string | undefined;
  let detail = text.trim();
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null) {
      const { error_code: code, message } = parsed as { error_code?: unknown; message?: unknown };
      if (typeof code === 'string') errorCode = code;
      if (typeof message === 'string') detail = message;
    }
  } catch {
    // Not JSON (a proxy's HTML page, the auth app's plain text): keep the text.
  }
  if (detail.length > 500) detail = `${detail.slice(0, 497)}...`;
  const { status } = response;
  const hint =
    status === 401
      ? ' (not authenticated: check MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD or MLFLOW_TRACKING_TOKEN)'
      : status === 403
        ? ' (permission denied for this user)'
        : '';
  const code = errorCode === undefined ? '' : ` ${errorCode}`;
  return new MlflowError(
    `MLflow ${method} ${endpoint}: HTTP ${status}${code}${hint}${detail === '' ? '' : `: ${detail}`}`,
    {
      method,
      endpoint,
      status,
      errorCode,
      retryable: isRetryableStatus(status) || isTransientDatabaseAnswer(status, detail, errorCode),
      retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
    },
  );
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
