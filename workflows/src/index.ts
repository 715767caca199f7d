// The workflow bundle's entry: every workflow type the control worker registers.
export { stackProbe } from './stack-probe.js';
export { compatibilitySweep } from './compatibility-sweep.js';
export { modelComparison } from './model-comparison.js';
export { compatibilityRegression } from './compatibility-regression.js';
