// @bcml/models: the model zoo (logistic regression, MLP, LeNet, ResNet) built from a ModelSpec and a seed, with
// tfjs-format save/load on the local file system and URI-dispatching model loaders. Every model outputs logits.
export { buildModel, type BuildModelOptions } from './build-model.js';
export { checkInputShape, formatShape } from './check-input-shape.js';
export { checkModelShape, type ModelShape, type ModelShapeExpectation } from './check-model-shape.js';
export { checkLoadedModel } from './check-loaded-model.js';
export { deriveSeed } from './derive-seed.js';
export { describeModel, type LayerSummary, type ModelSummary } from './describe-model.js';
export { fileIOHandler, MODEL_JSON, WEIGHTS_BIN } from './file-io-handler.js';
export { loadModel } from './load-model.js';
export { checkClasses, outputWidth, type ModelHead } from './model-head.js';
export {
  createModelLoader,
  fileModelLoader,
  folderModelLoader,
  uriScheme,
  type ModelLoader,
  type ModelLoaderOptions,
} from './model-loader.js';
export { saveModel, type SavedModel } from './save-model.js';
export { dropoutStep, SeededDropout, setDropoutStep, type SeededDropoutArgs } from './seeded-dropout.js';
