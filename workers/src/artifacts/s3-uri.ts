import { InvalidInputError } from '@bcml/core';

/** A parsed `s3://bucket/key` URI: the key is taken verbatim (no percent-decoding), as the AWS CLI does. */
export interface S3Location {
  readonly bucket: string;
  /** The object key or key prefix, without the leading `/`; `''` for the bucket's root. */
  readonly key: string;
}

const S3_URI = /^s3:\/\/([^/?#]*)(?:\/(.*))?$/s;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parses `s3://bucket[/key]`; `field` names it in the error (bucket names follow S3's rules: 3-63 of a-z 0-9 . -). */
export function parseS3Uri(uri: string, field: string): S3Location {
  const match = S3_URI.exec(uri);
  if (match === null) throw new InvalidInputError(field, 'an s3://<bucket>/<key> URI', uri);
  const bucket = match[1] as string;
  if (!BUCKET.test(bucket) || bucket.includes('..')) {
    throw new InvalidInputError(field, 'an s3:// URI whose bucket is 3-63 of a-z, 0-9, "." and "-"', uri);
  }
  const key = match[2] ?? '';
  const segments = key.replace(/\/$/, '').split('/');
  const odd = segments.some((s) => s === '.' || s === '..' || (s === '' && key !== ''));
  if (odd || /[\u0000-\u001f\u007f]/.test(key)) {
    throw new InvalidInputError(field, 'an s3:// URI without empty, "." or ".." segments or control characters', uri);
  }
  return { bucket, key };
}

/** Parses an `s3://bucket/key` URI that names one object (a key not ending in `/`). */
export function parseS3ObjectUri(uri: string, field: string): S3Location {
  const location = parseS3Uri(uri, field);
  if (location.key === '' || location.key.endsWith('/')) {
    throw new InvalidInputError(field, 'an s3://<bucket>/<key> URI naming an object', uri);
  }
  return location;
}
