import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A run key's folder under `storageDir`: `<storageDir>/sweeps/<segment>/…`, each `/`-separated segment URI-encoded. */
export function runKeyDir(storageDir: string, runKey: string): string {
  const segments = runKey.split('/').map((segment) => {
    const encoded = encodeURIComponent(segment);
    return encoded === '' || encoded === '.' || encoded === '..' ? `%${encoded.length}E` : encoded;
  });
  return join(storageDir, 'sweeps', ...segments);
}

/** The `file://` URI of a local path. */
export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

/** The local path of a `file://` URI (a plain path is returned as is). */
export function localPath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}
