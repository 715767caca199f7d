import { cp, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { type ArtifactTransport } from '../artifacts/index.js';

/** A `folderArtifactTransport`: a transport that also lists what moved through it. */
export interface FolderArtifactTransport extends ArtifactTransport {
  /** Every URI downloaded, in order. */
  readonly downloads: string[];
  /** Every URI uploaded, in order. */
  readonly uploads: string[];
}

/**
 * A test double of a remote store: `remote:/<path>` URIs kept in a local folder, counting transfers. For unit tests
 * of code that takes an `ArtifactTransport`; real workers use `mlflowArtifactTransport`.
 */
export function folderArtifactTransport(root: string, scheme = 'remote:'): FolderArtifactTransport {
  const downloads: string[] = [];
  const uploads: string[] = [];
  const at = (uri: string): string => join(root, uri.slice(scheme.length).replace(/^\/+/, ''));
  return {
    schemes: [scheme],
    downloads,
    uploads,
    upload: async (localFile, uri) => {
      uploads.push(uri);
      await mkdir(dirname(at(uri)), { recursive: true });
      await cp(localFile, at(uri));
    },
    download: async (uri, localFile) => {
      downloads.push(uri);
      await mkdir(dirname(localFile), { recursive: true });
      await cp(at(uri), localFile);
    },
  };
}
