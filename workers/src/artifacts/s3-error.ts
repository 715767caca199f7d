import { BcmlError } from '@bcml/core';

/** Where and how an S3 call failed. */
export interface S3ErrorDetails {
  readonly method: string;
  /** The `s3://bucket/key` the call was about. */
  readonly uri: string;
  /** The HTTP status, or undefined when no response arrived (connection refused, reset, timeout). */
  readonly status: number | undefined;
  /** S3's error `Code` (`NoSuchKey`, `SignatureDoesNotMatch`, ...), when the server sent one. */
  readonly code: string | undefined;
  readonly retryable: boolean;
  readonly cause?: unknown;
}

/** A failed S3 call: its URI, HTTP status and S3 error code, and whether retrying can help. */
export class S3Error extends BcmlError {
  override readonly name = 'S3Error';
  readonly method: string;
  readonly uri: string;
  readonly status: number | undefined;
  readonly code: string | undefined;

  constructor(message: string, details: S3ErrorDetails) {
    super(message, details.retryable, details.cause === undefined ? {} : { cause: details.cause });
    this.method = details.method;
    this.uri = details.uri;
    this.status = details.status;
    this.code = details.code;
  }
}

const AUTH_CODES = new Set([
  'AccessDenied',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'InvalidClientTokenId',
]);
const RETRYABLE_CODES = new Set(['SlowDown', 'RequestTimeout', 'InternalError', 'ServiceUnavailable']);

/**
 * The `S3Error` of an S3 error answer, in words a person can act on: a missing object names its URI; a refused
 * call names the AWS variables to check (never their values); 429, 5xx and S3's throttling codes are retryable.
 */
export function s3ErrorOf(
  method: string,
  uri: string,
  status: number,
  code: string | undefined,
  message: string,
): S3Error {
  const details = { method, uri, status, code };
  const said = `${status}${code === undefined ? '' : ` ${code}`}${message === '' ? '' : `: ${message.slice(0, 200)}`}`;
  const bucket = /^s3:\/\/([^/]*)/.exec(uri)?.[1] ?? '';
  if (status === 404 && code === 'NoSuchBucket') {
    return new S3Error(`S3 bucket "${bucket}" does not exist (${uri}; ${said})`, { ...details, retryable: false });
  }
  if (status === 404 && (code === undefined || code === 'NoSuchKey' || method === 'GET' || method === 'HEAD')) {
    return new S3Error(`S3 object not found: ${uri} (${said})`, { ...details, retryable: false });
  }
  if (status === 401 || status === 403 || (code !== undefined && AUTH_CODES.has(code))) {
    return new S3Error(
      `S3 refused ${method} ${uri} (${said}); check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, ` +
        `and that they may access bucket "${bucket}"`,
      { ...details, retryable: false },
    );
  }
  if (status === 301 || status === 307 || code === 'PermanentRedirect' || code === 'AuthorizationHeaderMalformed') {
    return new S3Error(
      `S3 ${method} ${uri} went to the wrong region or endpoint (${said}); check AWS_REGION and AWS_ENDPOINT_URL_S3`,
      { ...details, retryable: false },
    );
  }
  const retryable = status === 429 || status >= 500 || (code !== undefined && RETRYABLE_CODES.has(code));
  return new S3Error(`S3 ${method} ${uri} failed (${said})`, { ...details, retryable });
}
