import { InvalidInputError, mulberry32 } from '@bcml/core';

/**
 * A seeded pseudo-random generator of numbers in [0, 1) (mulberry32 over a SplitMix-style hash of the seed):
 * the same seed gives the same sequence on every platform. `stream` derives independent sequences from one seed
 * (for example one per epoch).
 */
export function seededRandom(seed: number, stream = 0): () => number {
  if (!Number.isSafeInteger(seed)) throw new InvalidInputError('seed', 'a safe integer', seed);
  if (!Number.isSafeInteger(stream)) throw new InvalidInputError('stream', 'a safe integer', stream);
  return mulberry32(
    mix(mix(lowBits(seed) ^ mix(highBits(seed))) ^ mix(lowBits(stream) + 0x9e3779b9) ^ highBits(stream)),
  );
}

/** A seeded random permutation of 0..n−1 (Fisher–Yates). */
export function permutation(n: number, seed: number, stream = 0): Uint32Array {
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 32) throw new InvalidInputError('n', 'an integer in [0, 2^32]', n);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i += 1) order[i] = i;
  shuffleInPlace(order, seededRandom(seed, stream));
  return order;
}

/** Shuffles an array in place with the given generator (Fisher–Yates). */
export function shuffleInPlace(values: Uint32Array, random: () => number): void {
  for (let i = values.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const t = values[i]!;
    values[i] = values[j]!;
    values[j] = t;
  }
}

/** The low 32 bits of a safe integer (two's complement for negatives). */
function lowBits(value: number): number {
  return Number(BigInt.asUintN(32, BigInt(value)));
}

/** Bits 32..63 of a safe integer. */
function highBits(value: number): number {
  return Number(BigInt.asUintN(32, BigInt(value) >> 32n));
}

/** A 32-bit integer hash (the murmur3 finaliser). */
function mix(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
