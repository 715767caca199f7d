/**
 * A 31-bit seed derived from a model seed and a stable key (a layer name and role): FNV-1a over
 * `"<seed>/<key>"` and murmur3's finaliser. Never 0: tfjs treats a 0 seed of a normal initializer as "unseeded".
 */
export function deriveSeed(seed: number, key: string): number {
  const text = `${seed}/${key}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  const derived = (h >>> 0) & 0x7fffffff;
  return derived === 0 ? 1 : derived;
}
