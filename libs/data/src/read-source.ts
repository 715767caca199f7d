import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

import { DatasetError } from './dataset-error.js';

/** Where a dataset comes from: a local path, a `file://` URL, or an `http(s)://` URL. */
export type DatasetSource = string | URL;

/** Options for reading a source over HTTP. */
export interface SourceOptions {
  /** Extra request headers (for example an authorization header for an artifact store). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Cancels the request. */
  readonly signal?: AbortSignal;
}

/** A resolved source: a local path, or an http(s) URL. */
export type ResolvedSource =
  { readonly kind: 'path'; readonly path: string } | { readonly kind: 'url'; readonly url: URL };

/** Resolves a path or URL; an unsupported URL scheme is a `DatasetError`. */
export function resolveSource(source: DatasetSource): ResolvedSource {
  const text = String(source);
  if (source instanceof URL || /^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    const url = source instanceof URL ? source : new URL(text);
    if (url.protocol === 'file:') return { kind: 'path', path: fileURLToPath(url) };
    if (url.protocol === 'http:' || url.protocol === 'https:') return { kind: 'url', url };
    throw DatasetError.expected({ file: sourceName(source) }, 'a local path, a file:// URL or an http(s):// URL', text);
  }
  return { kind: 'path', path: text };
}

/** The name messages give a source: a path's file name, or a URL without credentials, query or fragment. */
export function sourceName(source: DatasetSource): string {
  const text = String(source);
  if (source instanceof URL || /^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    try {
      const url = source instanceof URL ? new URL(source.href) : new URL(text);
      if (url.protocol === 'file:') return basename(fileURLToPath(url));
      return `${url.protocol}//${url.host}${url.pathname}`;
    } catch {
      return text;
    }
  }
  return basename(text);
}

/** Reads all bytes of a source; an unreadable file or URL is a `DatasetError` (retryable for network failures). */
export async function readSourceBytes(source: DatasetSource, options: SourceOptions = {}): Promise<Uint8Array> {
  const resolved = resolveSource(source);
  const file = sourceName(source);
  if (resolved.kind === 'path') {
    try {
      return await readFile(resolved.path);
    } catch (error) {
      throw new DatasetError({ file }, `cannot read the file (${errorText(error)})`, { cause: error });
    }
  }
  const response = await fetchSource(resolved.url, file, options);
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw new DatasetError({ file }, `the download failed (${errorText(error)})`, { retryable: true, cause: error });
  }
}

/** GETs a URL; network failures and 5xx/408/429 statuses are retryable `DatasetError`s, other statuses are not. */
export async function fetchSource(url: URL, file: string, options: SourceOptions): Promise<Response> {
  const { bare, headers } = credentialsAsHeader(url, options.headers);
  let response: Response;
  try {
    response = await fetch(bare, {
      ...(headers === undefined ? {} : { headers }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    throw new DatasetError({ file }, `cannot fetch the URL (${errorText(error)})`, { retryable: true, cause: error });
  }
  if (!response.ok) {
    await response.body?.cancel();
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    throw new DatasetError({ file }, `cannot fetch the URL (HTTP ${response.status} ${response.statusText})`.trim(), {
      retryable,
    });
  }
  return response;
}

/**
 * A URL's `user:password@` as a basic-auth `Authorization` header (fetch refuses URLs with credentials, naming the
 * whole URL in its error), and the URL without them; `headers` win over it.
 */
function credentialsAsHeader(
  url: URL,
  headers: SourceOptions['headers'],
): { bare: URL; headers: Record<string, string> | undefined } {
  if (url.username === '' && url.password === '') return { bare: url, headers: headers && { ...headers } };
  const bare = new URL(url.href);
  bare.username = '';
  bare.password = '';
  const user = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return { bare, headers: { authorization: `Basic ${Buffer.from(user, 'utf8').toString('base64')}`, ...headers } };
}

/** The message of an error and of its cause (fetch hides the network error in `cause`). */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
