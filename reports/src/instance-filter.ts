import type { ErrorRow, PointData } from './point-data.js';
import type { VennRegion } from './venn-layout.js';

/**
 * What the error-instance table is filtered to: a Venn region, one model's errors in a class (an accuracy bar),
 * a class's incompatible points (an incompatible bar, or NF in the flip table) or its positive flips (PF).
 */
export type InstanceFilter =
  | { readonly kind: 'region'; readonly region: VennRegion }
  | { readonly kind: 'class-errors'; readonly classIndex: number; readonly model: 'h1' | 'h2' }
  | { readonly kind: 'incompatible'; readonly classIndex: number }
  | { readonly kind: 'positive-flips'; readonly classIndex: number };

/** The Venn region of an error row: h1 wrong and h2 right → progress, both wrong → common, else regress. */
export function errorRegion([, label, h1, h2]: ErrorRow): VennRegion {
  if (h1 !== label) return h2 === label ? 'progress' : 'common';
  return 'regress';
}

/** Whether two filters select the same instances (clicking the active one again clears it). */
export function sameFilter(a: InstanceFilter | null, b: InstanceFilter | null): boolean {
  return a === null || b === null ? a === b : JSON.stringify(a) === JSON.stringify(b);
}

function regionIds(point: PointData, region: VennRegion): readonly number[] {
  return region === 'progress'
    ? point.overlap.h1Only
    : region === 'common'
      ? point.overlap.common
      : point.overlap.h2Only;
}

/**
 * The error rows a filter keeps, in id order. Regions and incompatible points use the evaluation's id lists
 * (the contract's truth); class errors and positive flips use the rows' labels and predictions.
 */
export function filterErrorRows(point: PointData, filter: InstanceFilter | null): readonly ErrorRow[] {
  if (filter === null) return point.errors;
  switch (filter.kind) {
    case 'region': {
      const ids = new Set(regionIds(point, filter.region));
      return point.errors.filter((row) => ids.has(row[0]));
    }
    case 'incompatible': {
      const ids = new Set(point.classes[filter.classIndex]?.incompatibleIds ?? []);
      return point.errors.filter((row) => ids.has(row[0]));
    }
    case 'class-errors': {
      const column = filter.model === 'h1' ? 2 : 3;
      return point.errors.filter((row) => row[1] === filter.classIndex && row[column] !== filter.classIndex);
    }
    case 'positive-flips':
      return point.errors.filter((row) => row[1] === filter.classIndex && row[2] !== row[1] && row[3] === row[1]);
  }
}

/** A sentence naming the filter for the table's caption (class names as given, shown as text). */
export function describeFilter(filter: InstanceFilter | null, classNames: readonly string[]): string {
  if (filter === null) return 'All instances that h1 or h2 gets wrong';
  const name = (c: number): string => `“${classNames[c] ?? `class ${c}`}”`;
  switch (filter.kind) {
    case 'region':
      return filter.region === 'progress'
        ? 'Progress: errors of h1 that h2 fixed'
        : filter.region === 'common'
          ? 'Common: errors of both models'
          : 'Regress: new errors of h2 (h1 was right)';
    case 'class-errors':
      return `Errors of ${filter.model} on class ${name(filter.classIndex)}`;
    case 'incompatible':
      return `Incompatible points of class ${name(filter.classIndex)} (h1 right, h2 wrong)`;
    case 'positive-flips':
      return `Positive flips of class ${name(filter.classIndex)} (h1 wrong, h2 right)`;
  }
}
