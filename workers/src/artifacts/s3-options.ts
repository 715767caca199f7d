import { InvalidInputError } from '@bcml/core';
import { Secret } from '@bcml/tracking';

/** Credentials and endpoint of the S3 transport; secrets are `Secret`s, so logging the options is safe. */
export interface S3Options {
  /** The signing region (`AWS_REGION`, else `AWS_DEFAULT_REGION`, else `us-east-1`). */
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: Secret;
  /** Temporary credentials' token (`AWS_SESSION_TOKEN`). */
  readonly sessionToken?: Secret;
  /**
   * An S3-compatible server's base URL (`AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL`): then path-style addressing
   * (`<endpoint>/<bucket>/<key>`); unset: AWS, virtual-hosted (`https://<bucket>.s3.<region>.amazonaws.com/<key>`).
   */
  readonly endpoint?: string;
}

/** The standard AWS variables `s3OptionsFromEnv` reads, the only place S3 credentials come from. */
export const S3_ENV = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ENDPOINT_URL_S3',
  'AWS_ENDPOINT_URL',
] as const;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The S3 transport's options from the standard AWS variables (`S3_ENV`), or `undefined` when neither
 * `AWS_ACCESS_KEY_ID` nor `AWS_SECRET_ACCESS_KEY` is set. Errors name the variable, never a secret's value.
 */
export function s3OptionsFromEnv(env: Env): S3Options | undefined {
  const text = (name: (typeof S3_ENV)[number]): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const accessKeyId = text('AWS_ACCESS_KEY_ID');
  const secret = text('AWS_SECRET_ACCESS_KEY');
  if (accessKeyId === undefined && secret === undefined) return undefined;
  if (accessKeyId === undefined) {
    throw new InvalidInputError('AWS_ACCESS_KEY_ID', 'an access key id (AWS_SECRET_ACCESS_KEY is set)', undefined);
  }
  if (secret === undefined) {
    throw new InvalidInputError('AWS_SECRET_ACCESS_KEY', 'a secret access key (AWS_ACCESS_KEY_ID is set)', undefined);
  }
  const region = text('AWS_REGION') ?? text('AWS_DEFAULT_REGION') ?? 'us-east-1';
  if (!/^[a-z0-9-]{1,64}$/.test(region)) {
    throw new InvalidInputError(
      text('AWS_REGION') === undefined ? 'AWS_DEFAULT_REGION' : 'AWS_REGION',
      'a region name like eu-west-1',
      region,
    );
  }
  const endpointName = text('AWS_ENDPOINT_URL_S3') === undefined ? 'AWS_ENDPOINT_URL' : 'AWS_ENDPOINT_URL_S3';
  const rawEndpoint = text(endpointName);
  const token = text('AWS_SESSION_TOKEN');
  return {
    region,
    accessKeyId,
    secretAccessKey: new Secret(secret),
    ...(token === undefined ? {} : { sessionToken: new Secret(token) }),
    ...(rawEndpoint === undefined ? {} : { endpoint: endpointUrl(rawEndpoint, endpointName) }),
  };
}

/** An endpoint's base URL: http(s), no credentials, query or fragment; without a trailing `/`. */
function endpointUrl(raw: string, field: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidInputError(field, 'an http:// or https:// URL', 'a value that is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidInputError(field, 'an http:// or https:// URL', `a ${url.protocol} URI`);
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new InvalidInputError(field, 'a URL without credentials, query or fragment', 'a URL with them');
  }
  return url.href.replace(/\/+$/, '');
}
