// The workflow bundle's entry: every workflow type the control worker registers.
export { stackProbe } from './stack-probe.js';
