import {
  formatLambda,
  InvalidInputError,
  parseTrainingSpec,
  trainingHead,
  type TrainingHead,
  type TrainingSpec,
} from '@bcml/core';
import { checkModelShape, outputWidth } from '@bcml/models';
import { type LayersModel } from '@tensorflow/tfjs-layers';

import { type H1Outputs } from './h1-outputs.js';
import { checkLabelledData, dataRows, type LabelledData } from './labelled-data.js';

/** Held-out data scored after each epoch, with h1's outputs on it (default: the training call's `h1Outputs`). */
export interface ValidationData {
  readonly data: LabelledData;
  readonly h1Outputs?: H1Outputs;
}

/** What a training run reads besides its spec. */
export interface TrainingInputs {
  readonly data: LabelledData;
  /** h1's logits on (at least) every training instance; may be omitted only when λ = 0 (plain training). */
  readonly h1Outputs?: H1Outputs | undefined;
  readonly validation?: ValidationData | undefined;
  /** h1 itself, to check its input shape and head against the data (it is not run). */
  readonly h1?: LayersModel | undefined;
}

/** A spec and inputs that passed `checkTrainingInputs`. */
export interface CheckedTraining {
  readonly spec: TrainingSpec;
  readonly head: TrainingHead;
  /** Logits per instance of h2 (and h1): C, or 1 for a binary head. */
  readonly width: number;
  /** h1's outputs on the training data as h2's head takes them (`H1Outputs.withWidth`), when given. */
  readonly h1Outputs: H1Outputs | undefined;
  /** h1's outputs on the validation data (as h2's head takes them), when known. */
  readonly validationH1: H1Outputs | undefined;
}

/**
 * Validates everything a training run needs before any training: the spec (`parseTrainingSpec`: unknown loss, λ < 0,
 * batch size 0, ...), the data (labels in [0, C)), the head against C, h1's input shape and output width against the
 * data, the h1 outputs' width against h2's head and their coverage of every training (and validation) id, and the
 * validation data's shape and classes. Each failure is an `InvalidInputError` naming the field (`h2.lambda`,
 * `h1.outputWidth`, `h1.inputShape`, `validation.data.shape`, ...).
 */
export function checkTrainingInputs(spec: unknown, inputs: TrainingInputs, field = 'h2'): CheckedTraining {
  const parsed = parseTrainingSpec(spec, field);
  const { data, h1Outputs, validation, h1 } = inputs;
  checkLabelledData(data, 'data');
  const head = trainingHead(parsed);
  if (head === 'binary' && data.numClasses !== 2) {
    throw new InvalidInputError(`${field}.head`, `"multi-class" for ${data.numClasses} classes (binary needs 2)`, head);
  }
  const width = outputWidth(data.numClasses, head);
  if (h1 !== undefined) {
    // Either head serves: a binary task's h1 outputs are turned into h2's width (`H1Outputs.withWidth`).
    checkModelShape(h1, {
      inputShape: data.examples.shape,
      numClasses: data.numClasses,
      ...(data.numClasses === 2 ? {} : { head }),
      field: 'h1',
    });
  }
  const adapt = (outputs: H1Outputs): H1Outputs =>
    data.numClasses === 2 && outputs.width * width === 2 ? outputs.withWidth(width) : outputs;
  const trainH1 = h1Outputs === undefined ? undefined : adapt(h1Outputs);
  if (trainH1 === undefined) {
    if (parsed.lambda !== 0) {
      throw new InvalidInputError(
        'h1Outputs',
        `h1's outputs on the training data (${field}.lambda is ${formatLambda(parsed.lambda)} > 0)`,
        undefined,
      );
    }
  } else {
    checkH1Outputs(trainH1, width, head, data, 'h1Outputs');
  }
  let validationH1: H1Outputs | undefined;
  if (validation !== undefined) {
    const held = validation.data;
    checkLabelledData(held, 'validation.data');
    if (held.examples.shape.join(',') !== data.examples.shape.join(',')) {
      throw new InvalidInputError(
        'validation.data.shape',
        `[${data.examples.shape.join(', ')}] (the training data's feature shape)`,
        `[${held.examples.shape.join(', ')}]`,
      );
    }
    if (held.numClasses !== data.numClasses) {
      throw new InvalidInputError(
        'validation.data.numClasses',
        `${data.numClasses} (as the training data)`,
        held.numClasses,
      );
    }
    validationH1 = validation.h1Outputs === undefined ? trainH1 : adapt(validation.h1Outputs);
    if (validationH1 !== undefined) {
      checkH1Outputs(
        validationH1,
        width,
        head,
        held,
        validation.h1Outputs === undefined ? 'h1Outputs' : 'validation.h1Outputs',
      );
    }
  }
  return { spec: parsed, head, width, h1Outputs: trainH1, validationH1 };
}

function checkH1Outputs(
  outputs: H1Outputs,
  width: number,
  head: TrainingHead,
  data: LabelledData,
  field: string,
): void {
  if (outputs.width !== width) {
    throw new InvalidInputError(
      'h1.outputWidth',
      `${width} (${head === 'binary' ? 'one logit, as h2' : `one logit per class, C = ${data.numClasses}`})`,
      outputs.width,
    );
  }
  const rows = dataRows(data);
  const ids = data.examples.ids;
  for (let i = 0; i < rows.length; i += 1) {
    const id = ids[rows[i]!]!;
    if (!outputs.has(id))
      throw new InvalidInputError(field, `h1 logits for every instance (missing id ${id})`, `${outputs.size} ids`);
  }
}
