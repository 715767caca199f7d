import { formatLambda, InvalidInputError, trainingSpecDefaults, type TrainingSpec } from '@bcml/core';
import { closedFormGradient, getLoss } from '@bcml/losses';
import { buildModel, checkLoadedModel, deriveSeed, dropoutStep, setDropoutStep, type ModelHead } from '@bcml/models';
import { add, dispose, tensor } from '@tensorflow/tfjs-core';
import { type LayersModel } from '@tensorflow/tfjs-layers';

import { readCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoint.js';
import { checkResumable } from './check-resumable.js';
import { checkTrainingInputs, type ValidationData } from './check-training-inputs.js';
import { denseChain } from './dense-chain.js';
import { describeEpoch } from './describe-epoch.js';
import { epochBatches } from './epoch-batches.js';
import { type EpochReport } from './epoch-report.js';
import { evaluateHeldOut } from './evaluate-held-out.js';
import { type H1Outputs } from './h1-outputs.js';
import { dataSize, type LabelledData } from './labelled-data.js';
import { modelWeights, setModelWeights, trainableVariables, type WeightValues } from './model-weights.js';
import { trainBatch, type TrainStep } from './train-batch.js';
import { trainDenseBatch } from './train-dense-batch.js';
import { throwIfCancelled, TrainingCancelledError } from './training-cancelled-error.js';
import { silentLogger, type TrainingLogger } from './training-logger.js';
import { createOptimizer } from './training-optimizer.js';

/** Where checkpoints go, and whether to resume from one found there. */
export interface CheckpointOptions {
  /** A folder of the run's own (see `writeCheckpoint` for its layout). */
  readonly dir: string;
  /** Continue from the checkpoint in `dir` when there is one (default true); false starts over. */
  readonly resume?: boolean;
}

/** Options of `trainCompatibility`. */
export interface TrainCompatibilityOptions {
  /** The training data (the Bansal et al. update scenario trains h2 on all of the training split). */
  readonly data: LabelledData;
  /** h1's logits by instance id (`computeH1Outputs`); omit only for plain training with λ = 0. */
  readonly h1Outputs?: H1Outputs;
  /** Held-out data scored after each epoch (accuracy, BTC, BEC, NFR). */
  readonly validation?: ValidationData;
  /** Called after each epoch's checkpoint is written; awaited (heartbeat here). */
  readonly onEpoch?: (report: EpochReport) => void | Promise<void>;
  /** Cancels between batches with a `TrainingCancelledError`; the last checkpoint stays intact. */
  readonly signal?: AbortSignal;
  readonly checkpoint?: CheckpointOptions;
  /** h2's starting weights in `model.weights` order (default: the spec's seeded initialisation). */
  readonly initialWeights?: readonly (WeightValues | Float32Array)[];
  /**
   * h2 itself, architecture and starting weights, when the spec's model is `{ kind: "tfjs", uri }` (loaded by the
   * caller; required for that kind, refused for any other). It is checked against the data and head
   * (`checkLoadedModel`) and trained in place; the result's `model` is this object, and an error disposes it.
   */
  readonly model?: LayersModel;
  readonly logger?: TrainingLogger;
  /** Where the spec sits in the caller's input, for error messages (default `h2`). */
  readonly field?: string;
  /**
   * The fast paths (default true): a dense chain (logistic regression, an MLP without dropout) trains with the fused
   * dense step (`trainDenseBatch`, no layers API), and every model takes the loss gradient in closed form where the
   * loss has one; false always goes through the layers API and tfjs' tape over the whole loss.
   */
  readonly fused?: boolean;
}

/** The trained model and the run's epoch reports. */
export interface TrainingResult {
  /** h2, outputting logits; the caller owns (and disposes) it. */
  readonly model: LayersModel;
  /** One report per epoch, including epochs done before a resume. */
  readonly history: readonly EpochReport[];
  /** Completed epochs of the checkpoint this run resumed from, `null` when it started fresh. */
  readonly resumedFrom: number | null;
  /** The last checkpoint folder written or resumed from, `null` without checkpointing. */
  readonly checkpoint: string | null;
}

/**
 * Trains h2 with a compatibility loss `L = base(h2, y) + λ·D(h1, h2, y)` (`@bcml/losses`, by name): the model is
 * built from the spec and seed, batches are shuffled per epoch from the seed, each batch gathers h1's logits from
 * the cache by instance id (h1 is never run here) and runs h2 forward once, and the spec's optimizer updates h2.
 * Between batches it yields to the event loop (at least every few milliseconds) and honours `signal`. After each
 * epoch it scores the validation data, writes a checkpoint (weights, optimizer state, epoch, dropout step) and
 * calls `onEpoch`. Resuming from a checkpoint continues bitwise exactly as an uninterrupted run. Everything is
 * validated before training starts.
 */
export async function trainCompatibility(
  spec: TrainingSpec,
  options: TrainCompatibilityOptions,
): Promise<TrainingResult> {
  const field = options.field ?? 'h2';
  const { data, validation, signal, onEpoch } = options;
  const logger = options.logger ?? silentLogger;
  const checked = checkTrainingInputs(spec, { data, h1Outputs: options.h1Outputs, validation }, field);
  // h1's outputs as h2's head takes them (a binary task's 2 logits become 1, or 1 becomes 2).
  const { head, width, validationH1, h1Outputs } = checked;
  const parsed = checked.spec;
  const trainingSize = dataSize(data);
  const evalBatchSize = parsed.evalBatchSize ?? trainingSpecDefaults.evalBatchSize;
  const loss = getLoss(parsed.loss);
  const lossOptions = { lambda: parsed.lambda, validate: false, ...parsed.lossOptions };
  const shuffleSeed = deriveSeed(parsed.seed, 'batches');
  const saved =
    options.checkpoint !== undefined && options.checkpoint.resume !== false
      ? await readCheckpoint(options.checkpoint.dir)
      : undefined;
  if (saved !== undefined) checkResumable(saved, parsed, trainingSize);
  throwIfCancelled(signal, saved?.epoch ?? 0, saved?.path);

  const model = h2Model(parsed, options, { inputShape: data.examples.shape, numClasses: data.numClasses, head, field });
  let optimizer: ReturnType<typeof createOptimizer> | undefined;
  try {
    const variables = trainableVariables(model);
    optimizer = createOptimizer(parsed.optimizer, variables);
    const history: EpochReport[] = [];
    let lastCheckpoint: string | null = null;
    if (saved !== undefined) {
      setModelWeights(model, saved.weights, 'checkpoint.weights');
      optimizer.restore(saved.optimizer);
      if (saved.dropoutStep !== null) setDropoutStep(model, saved.dropoutStep);
      history.push(...saved.history);
      lastCheckpoint = saved.path;
      logger.info(
        `resuming ${parsed.loss} λ=${formatLambda(parsed.lambda)} from epoch ${saved.epoch}/${parsed.epochs}`,
        {
          checkpoint: saved.path,
        },
      );
    } else if (options.initialWeights !== undefined) {
      setModelWeights(model, options.initialWeights, 'initialWeights');
    }

    const step: TrainStep = { model, variables, optimizer, loss, lossOptions, h1Outputs, width };
    const chain = options.fused === false ? undefined : denseChain(model);
    const closedForm = options.fused === false ? undefined : closedFormGradient(parsed.loss);
    for (let epoch = (saved?.epoch ?? 0) + 1; epoch <= parsed.epochs; epoch += 1) {
      const started = performance.now();
      let sums = tensor([0, 0, 0], [3], 'float32');
      let samples = 0;
      try {
        for await (const batch of epochBatches(data, {
          batchSize: parsed.batchSize,
          seed: shuffleSeed,
          epoch,
          beforeBatch: () => throwIfCancelled(signal, epoch - 1, lastCheckpoint ?? undefined),
        })) {
          const batchSums =
            chain === undefined ? trainBatch(step, batch, closedForm) : trainDenseBatch(step, chain, batch, closedForm);
          const next = add(sums, batchSums);
          dispose([sums, batchSums]);
          sums = next;
          samples += batch.ids.length;
        }
        const seconds = (performance.now() - started) / 1000;
        const [lossSum = 0, baseSum = 0, dissonanceSum = 0] = sums.dataSync();
        const scores =
          validation === undefined
            ? null
            : await evaluateHeldOut(model, validation.data, validationH1, { batchSize: evalBatchSize, signal }).catch(
                (error: unknown) => {
                  // Cancelled while scoring: this epoch has no checkpoint yet.
                  if (error instanceof TrainingCancelledError) {
                    throw new TrainingCancelledError(epoch - 1, lastCheckpoint ?? undefined, signal?.reason);
                  }
                  throw error;
                },
              );
        const reportBase = {
          epoch,
          epochs: parsed.epochs,
          samples,
          seconds,
          loss: lossSum / samples,
          base: baseSum / samples,
          dissonance: h1Outputs === undefined ? null : dissonanceSum / samples,
          validation: scores,
        };
        if (options.checkpoint !== undefined) {
          const checkpoint: Checkpoint = {
            epoch,
            spec: parsed,
            trainingSize,
            dropoutStep: dropoutStep(model),
            weights: modelWeights(model),
            optimizer: optimizer.state(),
            history: [...history, { ...reportBase, checkpoint: null }],
          };
          lastCheckpoint = await writeCheckpoint(options.checkpoint.dir, checkpoint);
        }
        const report: EpochReport = { ...reportBase, checkpoint: lastCheckpoint };
        history.push(report);
        logger.info(describeEpoch(report), { ...report });
        if (onEpoch !== undefined) await onEpoch(report);
      } finally {
        sums.dispose();
      }
    }
    return { model, history, resumedFrom: saved?.epoch ?? null, checkpoint: lastCheckpoint };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    optimizer?.dispose();
  }
}

/** h2 to train: built from the spec and seed, or the caller's loaded model for the `tfjs` kind (checked here). */
function h2Model(
  spec: TrainingSpec,
  options: TrainCompatibilityOptions,
  shape: {
    readonly inputShape: readonly number[];
    readonly numClasses: number;
    readonly head: ModelHead;
    readonly field: string;
  },
): LayersModel {
  const { field } = shape;
  if (spec.model.kind !== 'tfjs') {
    if (options.model !== undefined) {
      throw new InvalidInputError(
        `${field}.model.kind`,
        '"tfjs" to train a given model (options.model)',
        spec.model.kind,
      );
    }
    return buildModel(spec.model, { ...shape, seed: spec.seed, field: `${field}.model` });
  }
  if (options.model === undefined) {
    throw new InvalidInputError(
      'model',
      `the loaded model of ${field}.model.uri (a "tfjs" model is not built)`,
      'none',
    );
  }
  try {
    checkLoadedModel(options.model, { ...shape, field: `${field}.model` });
  } catch (error) {
    options.model.dispose();
    throw error;
  }
  return options.model;
}
