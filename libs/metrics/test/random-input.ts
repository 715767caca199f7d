// Test helper: seeded random inputs (mulberry32), so every run sees the same data.

import { mulberry32 } from '@bcml/core';

/** A seeded uniform generator on [0, 1): `@bcml/core`'s mulberry32. */
export const seededRandom = mulberry32;

/** Labels and two correlated prediction arrays: h1 right w.p. acc1, h2 right w.p. acc2, else a random class. */
export function randomPredictions(
  seed: number,
  n: number,
  numClasses: number,
  acc1: number,
  acc2: number,
): { labels: Int32Array; h1: Int32Array; h2: Int32Array; numClasses: number } {
  const random = seededRandom(seed);
  const pick = (): number => Math.floor(random() * numClasses);
  const labels = Int32Array.from({ length: n }, pick);
  const h1 = labels.map((y) => (random() < acc1 ? y : pick()));
  const h2 = labels.map((y) => (random() < acc2 ? y : pick()));
  return { labels, h1, h2, numClasses };
}
