// Test helper: seeded random inputs (mulberry32), so every run sees the same data.

/** A seeded uniform generator on [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
