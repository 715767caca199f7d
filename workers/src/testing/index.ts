// @bcml/workers/testing: test doubles of the workers' dependencies.
export { folderArtifactTransport, type FolderArtifactTransport } from './folder-artifact-transport.js';
