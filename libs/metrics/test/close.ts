// Test helper: deep comparison with a relative tolerance on numbers (typed arrays compare as plain arrays).

/** Relative tolerance of every golden comparison. */
export const RELATIVE_TOLERANCE = 1e-9;

/** Paths where `actual` differs from `expected` (numbers: |a − e| ≤ 1e-9·max(|a|, |e|)); empty when they agree. */
export function mismatches(actual: unknown, expected: unknown, path = '$'): string[] {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return [`${path}: expected ${expected}, received ${String(actual)}`];
    const scale = Math.max(Math.abs(actual), Math.abs(expected));
    return actual === expected || Math.abs(actual - expected) <= RELATIVE_TOLERANCE * scale
      ? []
      : [`${path}: expected ${expected}, received ${actual}`];
  }
  if (expected === null || typeof expected !== 'object') {
    return Object.is(actual, expected) ? [] : [`${path}: expected ${String(expected)}, received ${String(actual)}`];
  }
  if (Array.isArray(expected)) {
    const list = ArrayBuffer.isView(actual) ? Array.from(actual as Uint32Array) : actual;
    if (!Array.isArray(list)) return [`${path}: expected an array, received ${String(actual)}`];
    if (list.length !== expected.length)
      return [`${path}: expected length ${expected.length}, received ${list.length}`];
    return expected.flatMap((item: unknown, i) => mismatches(list[i], item, `${path}[${i}]`));
  }
  if (typeof actual !== 'object' || actual === null) return [`${path}: expected an object, received ${String(actual)}`];
  const want = Object.keys(expected).sort();
  const got = Object.keys(actual).sort();
  if (want.join() !== got.join()) return [`${path}: expected keys ${want.join()}, received ${got.join()}`];
  return want.flatMap((key) =>
    mismatches((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`),
  );
}
