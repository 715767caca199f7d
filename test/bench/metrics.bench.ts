// Benchmark (not a test): instances/s of `computeCompatibility` (and `evaluateCompatibility`, which adds the id
// pass) on 10 million instances, against a naive filter/map implementation measured in the same process and run.
// Run: npx tsx test/bench/metrics.bench.ts   (prints figures; asserts nothing beyond agreement of the results)
import { computeCompatibility, evaluateCompatibility } from '@bcml/metrics';

const N = Number(process.env.BCML_BENCH_INSTANCES ?? '10000000');
const CLASSES = 10;
const REPEATS = 3;

/** Seeded labels and predictions (xorshift32): h1 right ~90 %, h2 right ~92 %, otherwise a random class. */
function makeData(n: number): { labels: Int32Array; h1: Int32Array; h2: Int32Array } {
  let state = 2463534242;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const labels = new Int32Array(n);
  const h1 = new Int32Array(n);
  const h2 = new Int32Array(n);
  for (let i = 0; i < n; i += 1) {
    const y = Math.floor(next() * CLASSES);
    labels[i] = y;
    h1[i] = next() < 0.9 ? y : Math.floor(next() * CLASSES);
    h2[i] = next() < 0.92 ? y : Math.floor(next() * CLASSES);
  }
  return { labels, h1, h2 };
}

/** The baseline: how the scores are often written, with index arrays, filter and map. */
function naiveCompatibility(labels: number[], h1: number[], h2: number[]): Record<string, number> {
  const index = labels.map((_, i) => i);
  const h1Right = index.filter((i) => h1[i] === labels[i]);
  const h1Wrong = index.filter((i) => h1[i] !== labels[i]);
  const h2Right = index.filter((i) => h2[i] === labels[i]);
  const h2Wrong = index.filter((i) => h2[i] !== labels[i]);
  const bothRight = h1Right.filter((i) => h2[i] === labels[i]);
  const bothWrong = h1Wrong.filter((i) => h2[i] !== labels[i]);
  const negativeFlips = h1Right.filter((i) => h2[i] !== labels[i]);
  const positiveFlips = h1Wrong.filter((i) => h2[i] === labels[i]);
  const churn = index.filter((i) => h1[i] !== h2[i]);
  const n = labels.length;
  return {
    accuracyH1: h1Right.length / n,
    accuracyH2: h2Right.length / n,
    btc: bothRight.length / h1Right.length,
    bec: bothWrong.length / h1Wrong.length,
    becNew: bothWrong.length / h2Wrong.length,
    nfr: negativeFlips.length / n,
    pfr: positiveFlips.length / n,
    nfi: negativeFlips.length / h2Wrong.length,
    churn: churn.length / n,
  };
}

/** Best wall time in seconds of `REPEATS` runs (after one warm-up run), and the last result. */
function time<T>(run: () => T): { seconds: number; result: T } {
  let result = run();
  let best = Infinity;
  for (let r = 0; r < REPEATS; r += 1) {
    const start = process.hrtime.bigint();
    result = run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { seconds: best, result };
}

const data = makeData(N);
const plain = { labels: Array.from(data.labels), h1: Array.from(data.h1), h2: Array.from(data.h2) };

const ours = time(() => computeCompatibility({ ...data, numClasses: CLASSES }));
const oursPlain = time(() => computeCompatibility({ ...plain, numClasses: CLASSES }));
const full = time(() => evaluateCompatibility({ ...data, numClasses: CLASSES }));
const naive = time(() => naiveCompatibility(plain.labels, plain.h1, plain.h2));

const scores = ours.result;
for (const [key, value] of Object.entries(naive.result)) {
  const mine = (scores as unknown as Record<string, { value: number } | null>)[key]?.value;
  if (mine !== value) throw new Error(`bench: ${key} disagrees: ${mine} vs naive ${value}`);
}

const rate = (seconds: number): string => `${(N / seconds / 1e6).toFixed(1).padStart(7)} M instances/s`;
const row = (label: string, seconds: number): string =>
  `  ${label.padEnd(52)} ${rate(seconds)}  (${(seconds * 1000).toFixed(0)} ms, x${(naive.seconds / seconds).toFixed(1)} vs naive)`;
console.log(`metrics bench: ${N} instances, ${CLASSES} classes, best of ${REPEATS} runs, node ${process.version}`);
console.log(row('computeCompatibility, Int32Array inputs', ours.seconds));
console.log(row('computeCompatibility, number[] inputs', oursPlain.seconds));
console.log(row('evaluateCompatibility (+ overlap, per-class ids)', full.seconds));
console.log(row('naive filter/map baseline, number[] inputs', naive.seconds));
console.log(
  `  ratio computeCompatibility / naive baseline, same run: ${(naive.seconds / ours.seconds).toFixed(1)}x on ` +
    `Int32Array, ${(naive.seconds / oursPlain.seconds).toFixed(1)}x on number[] (the baseline computes only the ` +
    `point scores: no intervals, McNemar or per-class counts)`,
);
console.log(
  `  check: BTC ${scores.btc?.value.toFixed(4)}, NFR ${scores.nfr?.value.toFixed(4)}, ` +
    `McNemar p ${scores.mcnemarPValue.toExponential(2)} (equal to the baseline's scores)`,
);
