/** The metric a sweep trades off against BTC and a regression policy guards: accuracy (pooled over the split). */
export type PerformanceMetric = 'accuracy';

/** The performance metrics a spec may name. */
export const performanceMetrics: readonly PerformanceMetric[] = ['accuracy'];
