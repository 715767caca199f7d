import { InvalidInputError } from '@bcml/core';

import { DEFAULT_RETRY_OPTIONS, type RetryOptions } from './retry-policy.js';
import { Secret } from './secret.js';

/** How the client authenticates: HTTP basic auth (MLflow's basic-auth app) or a bearer token. */
export type TrackingAuth =
  | { readonly kind: 'basic'; readonly username: string; readonly password: Secret }
  | { readonly kind: 'bearer'; readonly token: Secret };

/** Where the MLflow server is and how to talk to it; secrets are `Secret`s, so logging the config is safe. */
export interface TrackingConfig {
  /** The server's base URL (`http:` or `https:`), without credentials, query or trailing slash. */
  readonly trackingUri: string;
  readonly auth: TrackingAuth | undefined;
  readonly retry: RetryOptions;
  /** Timeout of one JSON API request; artifact transfers are not time-limited (large files stream). */
  readonly requestTimeoutMs: number;
}

/** The environment variables `trackingConfigFromEnv` reads (MLflow's own names), with their defaults. */
export const TRACKING_ENV = {
  MLFLOW_TRACKING_URI: 'http://127.0.0.1:5000',
  MLFLOW_TRACKING_USERNAME: '',
  MLFLOW_TRACKING_PASSWORD: '',
  MLFLOW_TRACKING_TOKEN: '',
  MLFLOW_HTTP_REQUEST_MAX_RETRIES: String(DEFAULT_RETRY_OPTIONS.maxAttempts - 1),
  MLFLOW_HTTP_REQUEST_TIMEOUT: '120',
} as const;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the tracking configuration from `env` with MLflow's names: `MLFLOW_TRACKING_URI` (default the local
 * stack, http://127.0.0.1:5000), `MLFLOW_TRACKING_USERNAME` + `MLFLOW_TRACKING_PASSWORD` (basic auth, also
 * taken from `https://user:pass@host`), `MLFLOW_TRACKING_TOKEN` (bearer), `MLFLOW_HTTP_REQUEST_MAX_RETRIES`,
 * `MLFLOW_HTTP_REQUEST_TIMEOUT` (seconds). Errors name the variable, never its secret value.
 */
export function trackingConfigFromEnv(env: Env): TrackingConfig {
  const text = (name: keyof typeof TRACKING_ENV): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };

  const rawUri = text('MLFLOW_TRACKING_URI') ?? TRACKING_ENV.MLFLOW_TRACKING_URI;
  let url: URL;
  try {
    url = new URL(rawUri);
  } catch {
    // No `cause`: URL's error keeps the raw value (`input`), which may carry credentials.
    throw new InvalidInputError('MLFLOW_TRACKING_URI', 'an http:// or https:// URL', 'a value that is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidInputError(
      'MLFLOW_TRACKING_URI',
      'an http:// or https:// URL of an MLflow tracking server',
      `a ${url.protocol} URI`,
    );
  }
  const uriUsername = decodeURIComponent(url.username);
  const uriPassword = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  const trackingUri = url.toString().replace(/\/+$/, '');

  const username = text('MLFLOW_TRACKING_USERNAME') ?? (uriUsername === '' ? undefined : uriUsername);
  const password = env.MLFLOW_TRACKING_PASSWORD ?? (uriPassword === '' ? undefined : uriPassword);
  const token = text('MLFLOW_TRACKING_TOKEN');
  let auth: TrackingAuth | undefined;
  if (username !== undefined || (password !== undefined && password !== '')) {
    if (username === undefined) {
      throw new InvalidInputError('MLFLOW_TRACKING_USERNAME', 'a user name when a password is set', 'nothing');
    }
    if (password === undefined || password === '') {
      throw new InvalidInputError('MLFLOW_TRACKING_PASSWORD', 'a password when a user name is set', 'nothing');
    }
    auth = { kind: 'basic', username, password: new Secret(password) };
  } else if (token !== undefined) {
    auth = { kind: 'bearer', token: new Secret(token) };
  }

  const retries = wholeNumber(env, 'MLFLOW_HTTP_REQUEST_MAX_RETRIES', DEFAULT_RETRY_OPTIONS.maxAttempts - 1);
  const timeoutSeconds = positiveNumber(env, 'MLFLOW_HTTP_REQUEST_TIMEOUT', 120);
  return {
    trackingUri,
    auth,
    retry: { ...DEFAULT_RETRY_OPTIONS, maxAttempts: retries + 1 },
    requestTimeoutMs: Math.round(timeoutSeconds * 1000),
  };
}

function wholeNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new InvalidInputError(name, 'a whole number', raw);
  return Number(raw);
}

function positiveNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidInputError(name, 'a positive number of seconds', raw);
  return value;
}
