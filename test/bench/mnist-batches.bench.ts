// Benchmark (not a test): MNIST training images from the cached Arrow file to shuffled float batches, rows/s.
// `batches` over `datasetExamples` (typed-array gathers straight from the Arrow buffers) against a naive loop
// that copies each row through `table.get(i)`, measured in the same process and run.
// Run: npx tsx test/bench/mnist-batches.bench.ts   (prints figures; asserts only that both produce the same batches)
import { type Batch, batches, datasetExamples } from '@bcml/data';
import { loadDataset } from '@bcml/datasets';

const BATCH = Number(process.env['BCML_BENCH_BATCH'] ?? '128');
const SEED = 1;
const REPEATS = 3;

const loadStart = process.hrtime.bigint();
const mnist = await loadDataset('mnist');
const loadSeconds = Number(process.hrtime.bigint() - loadStart) / 1e9;
const { train, encoding } = mnist;
const n = train.info.rows;
const examples = datasetExamples(train, encoding);
const width = examples.width;

/** Our pipeline: one pass over shuffled batches (epoch `epoch`); returns a checksum and the first batch. */
function ours(epoch: number): { sum: number; first: Batch | undefined } {
  let sum = 0;
  let first: Batch | undefined;
  for (const batch of batches(examples, { batchSize: BATCH, seed: SEED, epoch })) {
    first ??= batch;
    sum += batch.x[0]! + batch.y[0]!;
  }
  return { sum, first };
}

/** The baseline: the same shuffled order (taken from our first batch pass), each row copied via `table.get(i)`. */
function naive(order: Uint32Array): { sum: number; first: Batch | undefined } {
  const table = train.table;
  let sum = 0;
  let first: Batch | undefined;
  for (let start = 0; start < order.length; start += BATCH) {
    const rows = order.subarray(start, Math.min(start + BATCH, order.length));
    const x = new Float32Array(rows.length * width);
    const y = new Int32Array(rows.length);
    const ids = new Uint32Array(rows.length);
    rows.forEach((r, b) => {
      const row = table.get(r) as { id: number; label: number; image: { get(k: number): number } } | null;
      if (row === null) throw new Error(`bench: no row ${r}`);
      for (let k = 0; k < width; k += 1) x[b * width + k] = row.image.get(k) / 255;
      y[b] = row.label;
      ids[b] = row.id;
    });
    const batch = { ids, x, shape: [rows.length, 28, 28, 1], y };
    first ??= batch;
    sum += x[0]! + y[0]!;
  }
  return { sum, first };
}

/** Best wall time of `repeats` runs (after one warm-up), and the last result. */
function time<T>(repeats: number, run: (i: number) => T): { seconds: number; result: T } {
  let result = run(0);
  let best = Infinity;
  for (let r = 1; r <= repeats; r += 1) {
    const start = process.hrtime.bigint();
    result = run(r);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { seconds: best, result };
}

// The shuffled order of epoch 0, to feed the baseline the very same rows.
const order = new Uint32Array(n);
let filled = 0;
for (const batch of batches(examples, { batchSize: BATCH, seed: SEED, epoch: 0 })) {
  const rows = batch.ids; // MNIST train ids are the row positions 0..59,999
  order.set(rows, filled);
  filled += rows.length;
}

const fast = time(REPEATS, () => ours(0));
const slow = time(1, () => naive(order));
const a = fast.result.first!;
const b = slow.result.first!;
if (a.x.length !== b.x.length || a.x.some((v, i) => v !== b.x[i]) || a.y.some((v, i) => v !== b.y[i])) {
  throw new Error('bench: the naive baseline and batches() disagree on the first batch');
}

const rate = (seconds: number): string =>
  `${Math.round(n / seconds)
    .toLocaleString('en-US')
    .padStart(11)} rows/s`;
const row = (label: string, seconds: number): string =>
  `  ${label.padEnd(58)} ${rate(seconds)}  (${(seconds * 1000).toFixed(0)} ms per epoch)`;
const view = (train.table.getChild('image')!.data[0]!.children[0]!.values as Uint8Array).buffer.byteLength;
console.log(
  `mnist-batches bench: ${n} training images (28×28×1 uint8 → float32 / 255), batch ${BATCH}, seed ${SEED}, ` +
    `node ${process.version}`,
);
console.log(
  `  loadDataset('mnist') ${mnist.fromCache ? 'from the cache' : 'converting IDX → Arrow'}: ${(loadSeconds * 1000).toFixed(0)} ms; pixels are a view over the ${(view / 2 ** 20).toFixed(1)} MiB cached file`,
);
console.log(row(`batches(datasetExamples(...)), best of ${REPEATS} epochs`, fast.seconds));
console.log(row('naive baseline: table.get(i) per row, image.get(k) per pixel', slow.seconds));
console.log(
  `  ratio batches() / naive baseline, same run: ${(slow.seconds / fast.seconds).toFixed(1)}x (same rows, same values)`,
);
