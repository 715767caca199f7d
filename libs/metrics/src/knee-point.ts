import { type Objective, objectiveGains } from './pareto-front.js';

/**
 * The knee of a Pareto front: the point farthest beyond the line joining the front's two extremes, after
 * normalising each objective to [0, 1] over the front (u = 1 for the best value, 0 for the worst; a constant
 * objective gives 0 everywhere). After that normalisation the extremes of a two-objective front are (1, 0) and
 * (0, 1), so the distance to their line is (u₁ + u₂ − 1)/√2 and the knee maximises u₁ + u₂; with k objectives
 * it maximises Σu, the distance beyond the hyperplane through the k unit anchors. Fronts of 0 points give
 * `null`, of 1 point that point; ties (every 2-point front: both extremes lie on the line) go to the earliest
 * point in the given order, which for `paretoFront`'s output is the best in the first objective.
 */
export function kneePoint<K extends string, T extends Readonly<Record<K, number>>>(
  front: readonly T[],
  objectives: readonly Objective<K>[],
): T | null {
  const gains = objectiveGains(front, objectives);
  const n = front.length;
  const k = objectives.length;
  if (n === 0) return null;
  const score = new Float64Array(n);
  for (let o = 0; o < k; o += 1) {
    let best = -Infinity;
    let worst = Infinity;
    for (let i = 0; i < n; i += 1) {
      const g = gains[i * k + o] as number;
      if (g > best) best = g;
      if (g < worst) worst = g;
    }
    const range = best - worst;
    if (range === 0) continue;
    for (let i = 0; i < n; i += 1) score[i] = (score[i] as number) + ((gains[i * k + o] as number) - worst) / range;
  }
  let knee = 0;
  for (let i = 1; i < n; i += 1) if ((score[i] as number) > (score[knee] as number)) knee = i;
  return front[knee] as T;
}
