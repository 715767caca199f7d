import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { dirname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as delay } from 'node:timers/promises';

import { BcmlError } from '@bcml/core';
import { DEFAULT_RETRY_OPTIONS, withRetry, type RetryDeps, type RetryOptions } from '@bcml/tracking';

import { type ArtifactTransport } from './artifact-transport.js';
import { S3Error, s3ErrorOf } from './s3-error.js';
import { type S3Options } from './s3-options.js';
import { parseS3ObjectUri, type S3Location } from './s3-uri.js';
import { EMPTY_SHA256, signSigV4, UNSIGNED_PAYLOAD, uriEncode } from './sigv4.js';

/** Tuning of `s3ArtifactTransport`; the defaults suit AWS and S3-compatible servers alike. */
export interface S3TransportTuning {
  /** Files of at least this many bytes go up as a multipart upload (default 100 MiB). */
  readonly multipartThresholdBytes?: number;
  /** Size of one part (default 16 MiB; raised so that a file needs at most 10,000 parts; at least 5 MiB). */
  readonly partSizeBytes?: number;
  /** Retries of each request on network errors, 429, 5xx and throttling (default: MLflow client's, 5 attempts). */
  readonly retry?: RetryOptions;
  readonly retryDeps?: RetryDeps;
  /** A request with no bytes moving for this long fails, retryably (default 120 s). */
  readonly idleTimeoutMs?: number;
  /** The signing clock (tests). */
  readonly now?: () => Date;
}

const MiB = 1024 * 1024;

/** A request body: bytes at hand, or a file range streamed with a known length. */
type Body = { readonly bytes: Buffer } | { readonly file: string; readonly start: number; readonly length: number };

interface S3Call {
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  readonly uri: string;
  readonly location: S3Location;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: Body;
}

/**
 * An S3 bucket, or an S3-compatible server (`options.endpoint`: path-style), as a transport for `s3://bucket/key`
 * URIs. Streams both ways (files of `multipartThresholdBytes` or more as a multipart upload of file ranges), signs
 * with SigV4 from `options` only, checks each upload's ETag against the MD5 of the bytes sent, and retries network
 * errors, 429, 5xx and throttling; a missing object or refused credentials fail at once, non-retryable (`S3Error`).
 */
export function s3ArtifactTransport(options: S3Options, tuning: S3TransportTuning = {}): ArtifactTransport {
  const threshold = tuning.multipartThresholdBytes ?? 100 * MiB;
  const retry = tuning.retry ?? DEFAULT_RETRY_OPTIONS;
  const retryDeps = tuning.retryDeps ?? { sleep: (ms: number) => delay(ms), random: Math.random };
  const idleTimeoutMs = tuning.idleTimeoutMs ?? 120_000;
  const now = tuning.now ?? (() => new Date());
  const endpoint = options.endpoint === undefined ? undefined : new URL(options.endpoint);

  /** The URL of an object: path-style below the endpoint, else AWS virtual-hosted (path-style for dotted buckets). */
  const target = (location: S3Location): URL => {
    const key = location.key.split('/').map(uriEncode).join('/');
    if (endpoint !== undefined) {
      return new URL(`${endpoint.origin}${endpoint.pathname.replace(/\/+$/, '')}/${location.bucket}/${key}`);
    }
    const aws = `s3.${options.region}.amazonaws.com`;
    return location.bucket.includes('.')
      ? new URL(`https://${aws}/${location.bucket}/${key}`)
      : new URL(`https://${location.bucket}.${aws}/${key}`);
  };

  /** One attempt of `call`: the 2xx response (its body unread), else an `S3Error`; `sent` hashes the body as it goes. */
  const attempt = async (call: S3Call, sent: Hash): Promise<IncomingMessage> => {
    const url = target(call.location);
    const { body } = call;
    const length = body === undefined ? 0 : 'bytes' in body ? body.bytes.length : body.length;
    const headers = signSigV4(
      {
        method: call.method,
        host: url.host,
        path: url.pathname,
        ...(call.query === undefined ? {} : { query: call.query }),
        headers: body === undefined ? {} : { 'content-length': String(length) },
        payloadHash: body === undefined ? EMPTY_SHA256 : 'bytes' in body ? sha256Hex(body.bytes) : UNSIGNED_PAYLOAD,
      },
      {
        accessKeyId: options.accessKeyId,
        secretAccessKey: options.secretAccessKey.reveal(),
        sessionToken: options.sessionToken?.reveal(),
        region: options.region,
        service: 's3',
      },
      now(),
    );
    const query = Object.entries(call.query ?? {})
      .map(([name, value]) => `${uriEncode(name)}=${uriEncode(value)}`)
      .join('&');
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send({
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port,
      path: `${url.pathname}${query === '' ? '' : `?${query}`}`,
      method: call.method,
      headers,
    });
    const response = new Promise<IncomingMessage>((resolve, reject) => {
      req.on('response', resolve);
      req.on('error', (cause) =>
        reject(
          new S3Error(`S3 ${call.method} ${call.uri} failed: ${cause.message}`, {
            method: call.method,
            uri: call.uri,
            status: undefined,
            code: undefined,
            retryable: true,
            cause,
          }),
        ),
      );
    });
    req.setTimeout(idleTimeoutMs, () => req.destroy(new Error(`no bytes moved for ${idleTimeoutMs} ms`)));
    if (body === undefined || length === 0) req.end();
    else if ('bytes' in body) {
      sent.update(body.bytes);
      req.end(body.bytes);
    } else {
      const source = createReadStream(body.file, { start: body.start, end: body.start + body.length - 1 });
      const tap = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          sent.update(chunk);
          done(null, chunk);
        },
      });
      // A failed send also fails the request (`response` rejects); an early answer (a 403) may cut it short.
      pipeline(source, tap, req).catch((error: unknown) => req.destroy(error as Error));
    }
    const res = await response;
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return res;
    const text = await readText(res);
    throw s3ErrorOf(call.method, call.uri, status, xmlTag(text, 'Code'), xmlTag(text, 'Message') ?? '');
  };

  /** `body(response, md5 of the bytes sent)` of `call`, the whole exchange retried as `retry` says. */
  const exchange = <T>(call: S3Call, body: (res: IncomingMessage, sentMd5: () => string) => Promise<T>): Promise<T> =>
    withRetry(
      async () => {
        const sent = createHash('md5');
        const res = await attempt(call, sent);
        try {
          return await body(res, () => sent.digest('hex'));
        } catch (error) {
          res.destroy();
          if (error instanceof BcmlError) throw error;
          throw new S3Error(`S3 ${call.method} ${call.uri} broke off: ${(error as Error).message}`, {
            method: call.method,
            uri: call.uri,
            status: res.statusCode,
            code: undefined,
            retryable: true,
            cause: error,
          });
        }
      },
      (error) => ({ retryable: error instanceof BcmlError && error.retryable }),
      retry,
      retryDeps,
    );

  /** Sends a file range (or bytes) and checks the answer's ETag against the MD5 of what was sent; resolves the ETag. */
  const putChecked = (call: S3Call & { readonly body: Body }): Promise<string> =>
    exchange(call, async (res, sentMd5) => {
      await readText(res);
      const etag = res.headers.etag ?? '';
      const md5 = sentMd5();
      const sent = /^"?([0-9a-f]{32})"?$/i.exec(etag)?.[1]?.toLowerCase();
      if (sent !== undefined && sent !== md5) {
        throw new S3Error(`S3 ${call.method} ${call.uri} stored other bytes than sent (ETag ${etag}, MD5 ${md5})`, {
          method: call.method,
          uri: call.uri,
          status: res.statusCode,
          code: 'BadDigest',
          retryable: true,
        });
      }
      return etag;
    });

  const multipart = async (localFile: string, uri: string, location: S3Location, size: number): Promise<void> => {
    const partSize = Math.max(5 * MiB, tuning.partSizeBytes ?? 16 * MiB, Math.ceil(size / 10_000));
    const created = await exchange({ method: 'POST', uri, location, query: { uploads: '' } }, readText);
    const uploadId = xmlTag(created, 'UploadId');
    if (uploadId === undefined) {
      throw new S3Error(`S3 POST ${uri}?uploads answered without an UploadId`, {
        method: 'POST',
        uri,
        status: 200,
        code: undefined,
        retryable: true,
      });
    }
    try {
      const parts: string[] = [];
      for (let start = 0, n = 1; start < size; start += partSize, n += 1) {
        const body = { file: localFile, start, length: Math.min(partSize, size - start) };
        const query = { partNumber: String(n), uploadId };
        parts.push(await putChecked({ method: 'PUT', uri, location, query, body }));
      }
      const xml =
        '<CompleteMultipartUpload>' +
        parts
          .map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${xmlEscape(etag)}</ETag></Part>`)
          .join('') +
        '</CompleteMultipartUpload>';
      const done = await exchange(
        { method: 'POST', uri, location, query: { uploadId }, body: { bytes: Buffer.from(xml) } },
        readText,
      );
      // CompleteMultipartUpload may answer 200 and still fail, in the body.
      const code = xmlTag(done, 'Code');
      if (/<Error>/.test(done) && code !== undefined)
        throw s3ErrorOf('POST', uri, 500, code, xmlTag(done, 'Message') ?? '');
    } catch (error) {
      // Best effort: an upload left behind holds storage until the bucket's lifecycle rule removes it; the
      // error that stopped the upload is the one to report.
      await exchange({ method: 'DELETE', uri, location, query: { uploadId } }, readText).catch(() => undefined);
      throw error;
    }
  };

  return {
    schemes: ['s3:'],
    upload: async (localFile, uri) => {
      const location = parseS3ObjectUri(uri, 'artifact URI');
      const { size } = await stat(localFile);
      if (size >= threshold) return multipart(localFile, uri, location, size);
      await putChecked({ method: 'PUT', uri, location, body: { file: localFile, start: 0, length: size } });
    },
    download: async (uri, localFile) => {
      const location = parseS3ObjectUri(uri, 'artifact URI');
      await mkdir(dirname(localFile), { recursive: true });
      await exchange({ method: 'GET', uri, location }, (res) => pipeline(res, createWriteStream(localFile)));
    },
  };
}

/** The response's body as text (error documents and XML answers are small). */
async function readText(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The text of the first `<tag>` of an XML document, unescaped. */
function xmlTag(xml: string, tag: string): string | undefined {
  const text = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
  return text
    ?.replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
