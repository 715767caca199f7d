export { createStackProbeActivities, type StackProbeDeps } from './stack-probe-activities.js';
export { workflowsPath } from './workflows-path.js';
