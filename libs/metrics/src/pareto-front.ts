import { MetricInputError } from './metric-input-error.js';

/** Whether an objective is better high (`max`: accuracy, BTC) or low (`min`: NFR, error rate). */
export type Direction = 'max' | 'min';

/** One objective of a multi-objective comparison: the numeric property `key` of each point, and its direction. */
export interface Objective<K extends string = string> {
  readonly key: K;
  readonly direction: Direction;
}

/**
 * The non-dominated points: p is dropped when some q is at least as good in every objective and strictly better
 * in one. Equal points do not dominate each other, so duplicates on the front are all kept. Returned in a
 * deterministic order: best first by the first objective, ties broken by the next objectives, then by input
 * position. For two objectives that order walks along the front. O(n·f·k) for n points, f on the front.
 */
export function paretoFront<K extends string, T extends Readonly<Record<K, number>>>(
  points: readonly T[],
  objectives: readonly Objective<K>[],
): T[] {
  const gains = objectiveGains(points, objectives);
  const k = objectives.length;
  const order = Array.from(points, (_, i) => i).sort((i, j) => compareGains(gains, k, i, j) || i - j);
  const front: number[] = [];
  // In this order a dominating point always comes before the points it dominates, so comparing each point with
  // the front so far suffices (a dominator off the front is itself dominated by a front point).
  for (const i of order) {
    if (!front.some((f) => dominates(gains, k, f, i))) front.push(i);
  }
  return front.map((i) => points[i] as T);
}

/**
 * Objective values as gains (the value for `max`, its negation for `min`: higher is better), row-major n × k.
 * Validates the objectives and that every point has a finite number under each key.
 */
export function objectiveGains<K extends string>(
  points: readonly Readonly<Record<K, number>>[],
  objectives: readonly Objective<K>[],
): Float64Array {
  if (!isArray(points)) throw new MetricInputError({ argument: 'points' }, 'an array of objects', points);
  if (!isArray(objectives) || objectives.length === 0) {
    throw new MetricInputError({ argument: 'objectives' }, 'a non-empty array of { key, direction }', objectives);
  }
  const keys = new Set<string>();
  for (let index = 0; index < objectives.length; index += 1) {
    const { key, direction } = (objectives[index] ?? {}) as Partial<Objective>;
    if (typeof key !== 'string' || keys.has(key)) {
      throw new MetricInputError({ argument: 'objectives', index, property: 'key' }, 'a string not listed before', key);
    }
    if (direction !== 'max' && direction !== 'min') {
      throw new MetricInputError({ argument: 'objectives', index, property: 'direction' }, "'max' or 'min'", direction);
    }
    keys.add(key);
  }
  const k = objectives.length;
  const gains = new Float64Array(points.length * k);
  for (let index = 0; index < points.length; index += 1) {
    const point: unknown = points[index];
    if (typeof point !== 'object' || point === null) {
      throw new MetricInputError({ argument: 'points', index }, 'an object', point);
    }
    objectives.forEach(({ key, direction }, j) => {
      const value = (point as Readonly<Record<string, unknown>>)[key];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new MetricInputError({ argument: 'points', index, property: key }, 'a finite number', value);
      }
      gains[index * k + j] = direction === 'max' ? value : -value;
    });
  }
  return gains;
}

/** Lexicographic comparison of rows i and j, better first (negative when i is better). */
function compareGains(gains: Float64Array, k: number, i: number, j: number): number {
  for (let o = 0; o < k; o += 1) {
    const d = (gains[j * k + o] as number) - (gains[i * k + o] as number);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether row q dominates row p: at least as good everywhere, strictly better somewhere. */
function dominates(gains: Float64Array, k: number, q: number, p: number): boolean {
  let strictly = false;
  for (let o = 0; o < k; o += 1) {
    const gq = gains[q * k + o] as number;
    const gp = gains[p * k + o] as number;
    if (gq < gp) return false;
    if (gq > gp) strictly = true;
  }
  return strictly;
}

/** `Array.isArray` without its type guard, which would widen the checked (already typed) array to `any[]`. */
function isArray(value: unknown): boolean {
  return Array.isArray(value);
}
