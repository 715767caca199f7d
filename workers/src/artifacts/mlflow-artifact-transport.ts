import { InvalidInputError } from '@bcml/core';
import { type MlflowClient } from '@bcml/tracking';

import { type ArtifactTransport } from './artifact-transport.js';

/**
 * The MLflow tracking server's proxied artifact store (`mlflow server --serve-artifacts`) as a transport:
 * `mlflow-artifacts:/<experiment>/<run>/artifacts/<path>` and `runs:/<run>/<path>`. A worker needs only the tracking URI.
 */
export function mlflowArtifactTransport(client: MlflowClient): ArtifactTransport {
  const runRoots = new Map<string, Promise<string>>();
  const runRoot = (runId: string): Promise<string> => {
    let root = runRoots.get(runId);
    if (root === undefined) {
      root = client.getRun(runId).then((run) => run.info.artifactUri);
      root.catch(() => runRoots.delete(runId));
      runRoots.set(runId, root);
    }
    return root;
  };
  /** `[folder URI, file name]` of a file URI. */
  const split = async (uri: string): Promise<[string, string]> => {
    let full = uri;
    const run = /^runs:\/([^/]+)\/(.+)$/.exec(uri);
    if (run !== null) full = `${(await runRoot(run[1] as string)).replace(/\/+$/, '')}/${run[2] as string}`;
    else if (!uri.startsWith('mlflow-artifacts:')) {
      throw new InvalidInputError('artifact URI', 'an mlflow-artifacts:/ or runs:/<run>/<path> URI', uri);
    }
    const slash = full.lastIndexOf('/');
    const name = full.slice(slash + 1);
    if (slash < 0 || name === '') throw new InvalidInputError('artifact URI', 'a file path below a run', uri);
    return [full.slice(0, slash), name];
  };
  return {
    schemes: ['mlflow-artifacts:', 'runs:'],
    upload: async (localFile, uri) => {
      const [folder, name] = await split(uri);
      await client.uploadArtifact(folder, localFile, name);
    },
    download: async (uri, localFile) => {
      const [folder, name] = await split(uri);
      await client.downloadArtifact(folder, name, localFile);
    },
  };
}
