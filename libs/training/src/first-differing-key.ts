import { type TrainingSpec } from '@bcml/core';

/**
 * The first key (in `a`'s then `b`'s order) whose values differ between two training specs, compared as JSON, with
 * the `ignored` keys left out; `undefined` when they agree. Resuming ignores `epochs`, packing loss, λ and options.
 */
export function firstDifferingKey(
  a: TrainingSpec,
  b: TrainingSpec,
  ignored: readonly (keyof TrainingSpec)[],
): keyof TrainingSpec | undefined {
  return (Object.keys({ ...a, ...b }) as (keyof TrainingSpec)[]).find(
    (key) => !ignored.includes(key) && JSON.stringify(a[key]) !== JSON.stringify(b[key]),
  );
}
