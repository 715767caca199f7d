/**
 * mulberry32: a tiny seeded generator of numbers in [0, 1) from a 32-bit state (the seed's low 32 bits). The same
 * seed gives the same sequence on every platform. For test data and as the core of `@bcml/data`'s `seededRandom`
 * (which hashes its seed and stream into the state first).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
