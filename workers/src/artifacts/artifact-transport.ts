/** Moves single files between this machine and one kind of remote store, by URI (each call streams). */
export interface ArtifactTransport {
  /** The URI schemes it serves, with the colon (`mlflow-artifacts:`, `runs:`, `s3:`). */
  readonly schemes: readonly string[];
  /** Streams a local file to `uri` (a file URI: the artifact's own path, not a folder). */
  upload(localFile: string, uri: string): Promise<void>;
  /** Streams the file at `uri` into `localFile` (parent folders are created). */
  download(uri: string, localFile: string): Promise<void>;
}
