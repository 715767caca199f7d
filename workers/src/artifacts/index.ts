// The data plane between activities: artifact references, the worker-local cache and the stores behind them.
export {
  createArtifactCache,
  DEFAULT_CACHE_MAX_BYTES,
  type ArtifactCache,
  type ArtifactCacheOptions,
} from './artifact-cache.js';
export { formatArtifactRef, parseArtifactRef, type ArtifactKind, type ArtifactRef } from './artifact-ref.js';
export {
  createArtifactStore,
  MANIFEST_FILE,
  MANIFEST_SCHEMA,
  type ArtifactStore,
  type ArtifactStoreDeps,
  type ManifestEntry,
} from './artifact-store.js';
export { type ArtifactTransport } from './artifact-transport.js';
export { bytesSha256, fileSha256 } from './file-sha256.js';
export { mapLimit } from './map-limit.js';
export { mlflowArtifactTransport } from './mlflow-artifact-transport.js';
export { s3ArtifactTransport, type S3TransportTuning } from './s3-artifact-transport.js';
export { S3Error, type S3ErrorDetails } from './s3-error.js';
export { S3_ENV, s3OptionsFromEnv, type S3Options } from './s3-options.js';
export { parseS3ObjectUri, parseS3Uri, type S3Location } from './s3-uri.js';
export { signSigV4, type SigV4Credentials, type SigV4Request } from './sigv4.js';
