import { InvalidInputError } from '@bcml/core';

/** What an artifact reference points at: one file, or a folder described by its manifest. */
export type ArtifactKind = 'file' | 'folder';

/** A parsed artifact reference: where it lives, what it is and the SHA-256 that names its content. */
export interface ArtifactRef {
  /** The location-independent URI without the fragment (`mlflow-artifacts:/1/<run>/artifacts/h1-outputs`). */
  readonly uri: string;
  readonly kind: ArtifactKind;
  /** Hex SHA-256 of the file, or of the folder's manifest (which lists every file's SHA-256). */
  readonly sha256: string;
}

const FRAGMENT = /#(file|folder)-sha256=([0-9a-f]{64})$/;

/** `uri#file-sha256=<hex>` or `uri#folder-sha256=<hex>`: a URI that also names its content, for caching by digest. */
export function formatArtifactRef(ref: ArtifactRef): string {
  if (!/^[0-9a-f]{64}$/.test(ref.sha256)) throw new InvalidInputError('sha256', '64 lowercase hex digits', ref.sha256);
  return `${ref.uri}#${ref.kind}-sha256=${ref.sha256}`;
}

/** Parses a reference written by `formatArtifactRef`; `field` names it in the error. */
export function parseArtifactRef(value: string, field: string): ArtifactRef {
  const match = FRAGMENT.exec(value);
  if (match === null) {
    throw new InvalidInputError(
      field,
      'an artifact reference "<uri>#file-sha256=<hex>" or "#folder-sha256=<hex>"',
      value,
    );
  }
  const uri = value.slice(0, match.index);
  return { uri, kind: match[1] as ArtifactKind, sha256: match[2] as string };
}
