import type { ComparisonActivities } from './comparison-activities.js';
import type { RegressionActivities } from './regression-activities.js';
import type { SweepControlActivities } from './sweep-control-activities.js';

/**
 * Every activity the control pool (task queue `bcml-control`) serves: the sweep's, the model comparison's and the
 * regression check's. A control worker registers all of them, since it also runs every workflow that calls them.
 */
export type ControlActivities = SweepControlActivities & ComparisonActivities & RegressionActivities;
