// Benchmark (not a test): samples/s of one training-step loop for an MLP 104 -> 64 -> 2 at batch 256 on the
// native TensorFlow backend (tfjs-node) versus the pure-JS CPU backend, measured in the same process and run.
// Run: npm run bench   (prints figures; asserts nothing)
import { tf, type Tensor2D } from '../support/tf.js';

const INPUTS = 104;
const HIDDEN = 64;
const CLASSES = 2;
const BATCH = 256;
/** A larger batch, printed too: it shows how the ratio grows once kernels, not per-op dispatch, dominate. */
const LARGE_BATCH = 4096;
const MIN_SECONDS = Number(process.env.BCML_BENCH_SECONDS ?? '3');

interface Figure {
  backend: string;
  batch: number;
  steps: number;
  seconds: number;
  samplesPerSecond: number;
}

async function measure(backend: string, batch: number): Promise<Figure> {
  await tf.setBackend(backend);
  await tf.ready();
  const x = tf.randomNormal([batch, INPUTS], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.randomUniform([batch], 0, CLASSES, 'int32', 2).as1D(), CLASSES);
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [INPUTS], units: HIDDEN, activation: 'relu' }),
      tf.layers.dense({ units: CLASSES }),
    ],
  });
  const optimizer = tf.train.sgd(0.01);
  const step = (): void => {
    const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as Tensor2D), true);
    loss?.dataSync(); // wait for the step to finish, as a training loop reading its loss does
    loss?.dispose();
  };
  for (let i = 0; i < 3; i += 1) step(); // warm-up: kernel selection, variable creation
  let steps = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < MIN_SECONDS || steps < 5) {
    step();
    steps += 1;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
  return { backend, batch, steps, seconds: elapsed, samplesPerSecond: (steps * batch) / elapsed };
}

const rows: string[] = [];
const format = (f: Figure): string =>
  `  ${f.backend.padEnd(10)} batch ${String(f.batch).padStart(5)} ${f.samplesPerSecond.toFixed(0).padStart(10)} samples/s` +
  `  (${f.steps} steps in ${f.seconds.toFixed(2)} s)`;
for (const batch of [BATCH, LARGE_BATCH]) {
  const native = await measure('tensorflow', batch);
  const js = await measure('cpu', batch);
  rows.push(
    format(native),
    format(js),
    `  native / pure-JS ratio at batch ${batch}: ${(native.samplesPerSecond / js.samplesPerSecond).toFixed(1)}x`,
  );
}
process.stdout.write(
  [
    `MLP ${INPUTS}->${HIDDEN}->${CLASSES}, SGD step with softmax cross-entropy, tfjs ${tf.version.tfjs}, ${MIN_SECONDS} s per figure`,
    ...rows,
    '',
  ].join('\n'),
);
