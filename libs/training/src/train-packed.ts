import { formatLambda, InvalidInputError, trainingSpecDefaults, type TrainingSpec } from '@bcml/core';
import { type Batch } from '@bcml/data';
import { closedFormGradient, type ClosedFormGradient } from '@bcml/losses';
import { buildModel, deriveSeed } from '@bcml/models';
import { tensor2d, tidy } from '@tensorflow/tfjs-core';
import { type LayersModel } from '@tensorflow/tfjs-layers';

import { checkResumable } from './check-resumable.js';
import { checkTrainingInputs, type CheckedTraining } from './check-training-inputs.js';
import { readCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoint.js';
import { denseChain } from './dense-chain.js';
import { describeEpoch } from './describe-epoch.js';
import { epochBatches } from './epoch-batches.js';
import { firstDifferingKey } from './first-differing-key.js';
import { type EpochReport } from './epoch-report.js';
import { heldOutScores } from './evaluate-held-out.js';
import { inferEach } from './infer-logits.js';
import { dataSize } from './labelled-data.js';
import { setModelWeights, trainableVariables } from './model-weights.js';
import {
  disposePacked,
  modelLogits,
  packDenseChains,
  packedForward,
  packedGradients,
  packedLogitGradient,
  packSlot,
  unpackSlot,
  unpackValues,
  type PackedDenseChain,
} from './packed-dense-chain.js';
import { type TrainCompatibilityOptions, type CheckpointOptions, type TrainingResult } from './train-compatibility.js';
import { batchH1Logits } from './train-batch.js';
import { throwIfCancelled, TrainingCancelledError } from './training-cancelled-error.js';
import { silentLogger } from './training-logger.js';
import { createOptimizer, type OptimizerState, type TrainingOptimizer } from './training-optimizer.js';

/** Options of `trainPacked`: `trainCompatibility`'s, with one checkpoint folder per model and reports per epoch. */
export interface TrainPackedOptions extends Omit<
  TrainCompatibilityOptions,
  'checkpoint' | 'onEpoch' | 'fused' | 'field'
> {
  /** One checkpoint folder per spec (each written and resumed as `trainCompatibility`'s, in the same format). */
  readonly checkpoints?: readonly CheckpointOptions[];
  /** Called after each epoch's checkpoints are written, with one report per spec, in order; awaited. */
  readonly onEpoch?: (reports: readonly EpochReport[]) => void | Promise<void>;
  /** Where the specs sit in the caller's input, for error messages: `<field>[k]` (default `specs`). */
  readonly field?: string;
}

/**
 * Trains K models of one dense architecture (logistic regression, an MLP without dropout) at once, each with its
 * own compatibility loss and λ, as `trainCompatibility` would train each alone: same initial weights, same batches
 * (the specs differ in `loss`, `lambda` and `lossOptions` only), the spec's optimizer, and per model its epoch
 * reports, checkpoints (resumable by `trainCompatibility` too) and trained model. The models are stacked into one
 * (`packDenseChains`): each step runs one forward pass, reads the K models' logits back once, takes every model's
 * loss gradient in closed form (`closedFormGradient`), and runs one backward pass and one optimizer update for all of
 * them, so the per-kernel cost that dominates small dense models is paid once for K. Weights differ from separate
 * training only by the kernels' float32 summation order. Resuming needs every model's checkpoint of one epoch.
 * Everything is validated before training: specs that cannot be packed are an `InvalidInputError` naming the field.
 */
export async function trainPacked(
  specs: readonly TrainingSpec[],
  options: TrainPackedOptions,
): Promise<TrainingResult[]> {
  const field = options.field ?? 'specs';
  const { data, validation, signal, onEpoch } = options;
  const logger = options.logger ?? silentLogger;
  if (specs.length === 0) throw new InvalidInputError(field, 'at least one training spec', 0);
  const checked = specs.map((spec, k) =>
    checkTrainingInputs(spec, { data, h1Outputs: options.h1Outputs, validation }, `${field}[${k}]`),
  );
  const parsed = checked.map((c) => c.spec);
  const gradients = checkPackable(checked, field);
  if (options.checkpoints !== undefined && options.checkpoints.length !== specs.length) {
    throw new InvalidInputError(
      `${field}.checkpoints`,
      `${specs.length} checkpoint folders (one per spec)`,
      options.checkpoints.length,
    );
  }
  const first = checked[0]!;
  // h1's outputs as the pack's (shared) head takes them.
  const { width, validationH1, h1Outputs } = first;
  const common = first.spec;
  const trainingSize = dataSize(data);
  const evalBatchSize = common.evalBatchSize ?? trainingSpecDefaults.evalBatchSize;
  const shuffleSeed = deriveSeed(common.seed, 'batches');
  const saved = await readCheckpoints(options.checkpoints, parsed, trainingSize);
  const startEpoch = saved?.[0]?.epoch ?? 0;
  throwIfCancelled(signal, startEpoch, saved?.[0]?.path);

  const build = (): LayersModel =>
    buildModel(common.model, {
      inputShape: data.examples.shape,
      numClasses: data.numClasses,
      seed: common.seed,
      head: first.head,
      field: `${field}[0].model`,
    });
  const template = build();
  let packed: PackedDenseChain | undefined;
  let optimizer: TrainingOptimizer | undefined;
  try {
    const chain = denseChain(template);
    const variables = trainableVariables(template);
    if (chain === undefined || template.weights.length !== variables.length) {
      throw new InvalidInputError(
        `${field}[0].model`,
        'a chain of dense layers without dropout (logistic regression or an MLP) to train packed',
        common.model.kind,
      );
    }
    if (saved === undefined && options.initialWeights !== undefined) setModelWeights(template, options.initialWeights);
    const start =
      saved?.map((c) => c.weights.map((w) => w.values)) ??
      specs.map(() => variables.map((v) => v.dataSync<'float32'>()));
    packed = packDenseChains(chain, variables, start);
    optimizer = createOptimizer(common.optimizer, packed.variables);
    if (saved !== undefined)
      optimizer.restore(
        packState(
          packed,
          saved.map((c) => c.optimizer),
        ),
      );
    const histories: EpochReport[][] = specs.map((_, k) => [...(saved?.[k]?.history ?? [])]);
    let lastCheckpoints: (string | null)[] = specs.map((_, k) => saved?.[k]?.path ?? null);
    if (saved !== undefined) {
      logger.info(`resuming ${specs.length} packed models from epoch ${startEpoch}/${common.epochs}`, {
        checkpoints: lastCheckpoints,
      });
    }

    for (let epoch = startEpoch + 1; epoch <= common.epochs; epoch += 1) {
      const started = performance.now();
      const sums = specs.map(() => [0, 0, 0]);
      let samples = 0;
      for await (const batch of epochBatches(data, {
        batchSize: common.batchSize,
        seed: shuffleSeed,
        epoch,
        beforeBatch: () => throwIfCancelled(signal, epoch - 1, lastCheckpoints[0] ?? undefined),
      })) {
        const losses = trainPackedBatch(packed, optimizer, batch, { h1Outputs, width, gradients, parsed });
        losses.forEach((l, k) => {
          const s = sums[k]!;
          s[0]! += l.loss * batch.ids.length;
          s[1]! += l.base * batch.ids.length;
          s[2]! += l.dissonance * batch.ids.length;
        });
        samples += batch.ids.length;
      }
      const seconds = (performance.now() - started) / 1000;
      const scores =
        validation === undefined
          ? null
          : await packedScores(packed, validation.data, { batchSize: evalBatchSize, signal }).catch(
              (error: unknown) => {
                if (error instanceof TrainingCancelledError) {
                  throw new TrainingCancelledError(epoch - 1, lastCheckpoints[0] ?? undefined, signal?.reason);
                }
                throw error;
              },
            );
      const bases = specs.map((_, k) => ({
        epoch,
        epochs: common.epochs,
        samples,
        seconds,
        loss: sums[k]![0]! / samples,
        base: sums[k]![1]! / samples,
        dissonance: h1Outputs === undefined ? null : sums[k]![2]! / samples,
        validation:
          scores === null || validation === undefined
            ? null
            : heldOutScores(scores[k]!, validationH1, validation.data.numClasses),
      }));
      if (options.checkpoints !== undefined) {
        const weights = unpackValues(packed);
        const states = unpackState(packed, optimizer.state());
        const dirs = options.checkpoints;
        lastCheckpoints = await Promise.all(
          specs.map((_, k) => {
            const checkpoint: Checkpoint = {
              epoch,
              spec: parsed[k]!,
              trainingSize,
              dropoutStep: null,
              weights: template.weights.map((w, j) => ({
                name: w.originalName,
                shape: [...packed!.modelShapes[j]!],
                values: weights[k]![j]!,
              })),
              optimizer: states[k]!,
              history: [...histories[k]!, { ...bases[k]!, checkpoint: null }],
            };
            return writeCheckpoint(dirs[k]!.dir, checkpoint);
          }),
        );
      }
      const reports = bases.map((b, k): EpochReport => ({ ...b, checkpoint: lastCheckpoints[k] ?? null }));
      reports.forEach((report, k) => {
        histories[k]!.push(report);
        logger.info(`${parsed[k]!.loss} λ=${formatLambda(parsed[k]!.lambda)}: ${describeEpoch(report)}`, { ...report });
      });
      if (onEpoch !== undefined) await onEpoch(reports);
    }

    const weights = unpackValues(packed);
    const results: TrainingResult[] = [];
    try {
      for (let k = 0; k < specs.length; k += 1) {
        const model = build();
        results.push({
          model,
          history: histories[k]!,
          resumedFrom: saved === undefined ? null : startEpoch,
          checkpoint: lastCheckpoints[k] ?? null,
        });
        setModelWeights(model, weights[k]!, 'packed weights');
      }
    } catch (error) {
      for (const r of results) r.model.dispose();
      throw error;
    }
    return results;
  } finally {
    template.dispose();
    optimizer?.dispose();
    if (packed !== undefined) disposePacked(packed);
  }
}

/** What a packed step needs besides the packed model and the batch. */
interface PackedStep {
  readonly h1Outputs: TrainCompatibilityOptions['h1Outputs'];
  readonly width: number;
  readonly gradients: readonly ClosedFormGradient[];
  readonly parsed: readonly TrainingSpec[];
}

/** One optimisation step of every packed model on a batch; returns each model's loss terms (batch means). */
function trainPackedBatch(
  packed: PackedDenseChain,
  optimizer: TrainingOptimizer,
  batch: Batch,
  step: PackedStep,
): { loss: number; base: number; dissonance: number }[] {
  const size = batch.ids.length;
  const z1 = batchH1Logits({ h1Outputs: step.h1Outputs, width: step.width }, batch);
  const terms: { loss: number; base: number; dissonance: number }[] = [];
  const grads = tidy(() => {
    const x = tensor2d(batch.x, [size, packed.inputs], 'float32');
    const { outputs, logits } = packedForward(packed, x);
    const values = logits.dataSync<'float32'>();
    const perModel = step.gradients.map((gradientOf, k) => {
      const spec = step.parsed[k]!;
      const z2 = modelLogits(packed, values, size, k);
      const closed = gradientOf({ size, width: step.width, z1, z2, labels: batch.y }, spec.lambda, spec.lossOptions);
      terms.push(closed);
      return closed.gradient;
    });
    return packedGradients(packed, outputs, packedLogitGradient(packed, perModel, size));
  });
  optimizer.apply(grads);
  return terms;
}

/** Every packed model's logits on `data` (inference, in its row order). */
function packedScores(
  packed: PackedDenseChain,
  data: TrainCompatibilityOptions['data'],
  options: { readonly batchSize: number; readonly signal?: AbortSignal | undefined },
): ReturnType<typeof inferEach> {
  return inferEach(data, options, packed.size, (x, count) =>
    tidy(() => {
      const { logits } = packedForward(packed, tensor2d(x, [count, packed.inputs], 'float32'));
      const values = logits.dataSync<'float32'>();
      return Array.from({ length: packed.size }, (_, k) => Float32Array.from(modelLogits(packed, values, count, k)));
    }),
  );
}

/**
 * The closed-form gradients of the specs' losses, once the specs are checked to differ only in loss, λ and loss
 * options (so that they can share batches, initial weights and optimizer).
 */
function checkPackable(checked: readonly CheckedTraining[], field: string): ClosedFormGradient[] {
  const first = checked[0]!.spec;
  return checked.map(({ spec, head }, k) => {
    if (head !== checked[0]!.head) {
      throw new InvalidInputError(
        `${field}[${k}].head`,
        `"${checked[0]!.head}" (as ${field}[0]: packed models share their head)`,
        head,
      );
    }
    const differing = firstDifferingKey(first, spec, ['loss', 'lambda', 'lossOptions']);
    if (differing !== undefined) {
      throw new InvalidInputError(
        `${field}[${k}].${differing}`,
        `${JSON.stringify(first[differing]) ?? 'absent'} (as ${field}[0]: packed specs differ in loss, lambda and lossOptions only)`,
        spec[differing],
      );
    }
    const gradient = closedFormGradient(spec.loss);
    if (gradient === undefined) {
      throw new InvalidInputError(
        `${field}[${k}].loss`,
        'a loss with a closed-form logit gradient (not focal distillation)',
        spec.loss,
      );
    }
    return gradient;
  });
}

/** Every spec's checkpoint (all of one epoch), or `undefined` when none has one; refuses a partial or mixed set. */
async function readCheckpoints(
  options: readonly CheckpointOptions[] | undefined,
  specs: readonly TrainingSpec[],
  trainingSize: number,
): Promise<(Checkpoint & { readonly path: string })[] | undefined> {
  if (options === undefined) return undefined;
  const found = await Promise.all(
    options.map((o) => (o.resume === false ? Promise.resolve(undefined) : readCheckpoint(o.dir))),
  );
  if (found.every((c) => c === undefined)) return undefined;
  const epochs = found.map((c) => c?.epoch ?? 0);
  if (found.some((c) => c === undefined) || epochs.some((e) => e !== epochs[0])) {
    throw new InvalidInputError(
      'checkpoints',
      'a checkpoint of one epoch for every packed model, or none',
      `epochs ${epochs.map((e, k) => (found[k] === undefined ? 'none' : String(e))).join(', ')}`,
    );
  }
  return found.map((c, k) => {
    checkResumable(c!, specs[k]!, trainingSize);
    return c!;
  });
}

/** The packed optimizer's state from each model's (slots in variable order per slot kind, as `OptimizerState`). */
function packState(packed: PackedDenseChain, states: readonly OptimizerState[]): OptimizerState {
  const first = states[0]!;
  const n = packed.variables.length;
  if (states.some((s) => s.step !== first.step || s.kind !== first.kind || s.slots.length !== first.slots.length)) {
    throw new InvalidInputError(
      'checkpoints',
      'optimizer states of one kind and step for every packed model',
      'differing ones',
    );
  }
  return {
    kind: first.kind,
    step: first.step,
    slots: first.slots.map((slot, i) => ({
      name: slot.name,
      shape: [...packed.variables[i % n]!.shape],
      values: packSlot(
        packed,
        i % n,
        states.map((s) => s.slots[i]!.values),
      ),
    })),
  };
}

/** Each model's optimizer state out of the packed one. */
function unpackState(packed: PackedDenseChain, state: OptimizerState): OptimizerState[] {
  const n = packed.variables.length;
  return Array.from({ length: packed.size }, (_, k) => ({
    kind: state.kind,
    step: state.step,
    slots: state.slots.map((slot, i) => {
      const values = unpackSlot(packed, i % n, slot.values, k);
      return { name: slot.name, shape: [...packed.modelShapes[i % n]!], values };
    }),
  }));
}
