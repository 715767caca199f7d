import { InvalidInputError } from '@bcml/core';

import { ARTIFACTS_API } from './mlflow-http.js';

/**
 * The artifact proxy path of an artifact URI: `mlflow-artifacts:/1/<run>/artifacts` (or `mlflow-artifacts://host/…`,
 * or `http(s)://host/api/2.0/mlflow-artifacts/artifacts/…`) → `1/<run>/artifacts`. Other schemes (s3, file) mean
 * the server does not proxy artifacts (`mlflow server --serve-artifacts`) and are an error.
 */
export function artifactProxyPath(artifactUri: string): string {
  const proxied = /^mlflow-artifacts:(?:\/\/[^/]*)?\/*(.*)$/.exec(artifactUri);
  if (proxied !== null) return normaliseArtifactPath(proxied[1] ?? '', 'artifact URI');
  if (/^https?:\/\//.test(artifactUri)) {
    const { pathname } = new URL(artifactUri);
    const anchor = pathname.indexOf(`${ARTIFACTS_API}/`);
    if (anchor >= 0) {
      return normaliseArtifactPath(
        decodeURIComponent(pathname.slice(anchor + ARTIFACTS_API.length + 1)),
        'artifact URI',
      );
    }
  }
  throw new InvalidInputError(
    'artifact URI',
    'an mlflow-artifacts:/ URI (a server started with --serve-artifacts and no local --default-artifact-root)',
    artifactUri,
  );
}

/** `a/b` + `c/d.json` → `a/b/c/d.json`; each part must be a relative path without `.` or `..` segments. */
export function joinArtifactPath(...parts: readonly string[]): string {
  return parts
    .map((part) => normaliseArtifactPath(part, 'artifact path'))
    .filter((part) => part !== '')
    .join('/');
}

/** `artifactUri` extended by the relative `path` (`mlflow-artifacts:/1/r/artifacts` + `model`). */
export function artifactUriJoin(artifactUri: string, path: string): string {
  const relative = joinArtifactPath(path);
  return relative === '' ? artifactUri : `${artifactUri.replace(/\/+$/, '')}/${relative}`;
}

function normaliseArtifactPath(path: string, field: string): string {
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '.' || segment === '..' || segment.includes('\\'))) {
    throw new InvalidInputError(field, "a relative path without '.', '..' or '\\' segments", path);
  }
  return segments.join('/');
}
