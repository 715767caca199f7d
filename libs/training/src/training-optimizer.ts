import { InvalidInputError, trainingSpecDefaults, type OptimizerSpec } from '@bcml/core';
import {
  add,
  dispose,
  div,
  keep,
  mul,
  scalar,
  sqrt,
  square,
  sub,
  tensor,
  tidy,
  variable,
  zerosLike,
  type Scalar,
  type Tensor,
  type Variable,
} from '@tensorflow/tfjs-core';

/** An optimizer's state as plain arrays, for a checkpoint: updates so far and the slot values per variable. */
export interface OptimizerState {
  readonly kind: OptimizerSpec['kind'];
  /** Updates applied so far (Adam's t). */
  readonly step: number;
  /** SGD with momentum: one momentum buffer per variable; Adam: all first moments, then all second moments. */
  readonly slots: readonly {
    readonly name: string;
    readonly shape: readonly number[];
    readonly values: Float32Array;
  }[];
}

/** An optimizer over a fixed list of variables whose whole state can be saved and restored exactly. */
export interface TrainingOptimizer {
  readonly kind: OptimizerSpec['kind'];
  /** Updates applied so far. */
  readonly step: number;
  /** Applies one update from gradients given in the order of the variables; disposes the gradients. */
  apply(gradients: readonly Tensor[]): void;
  /** A copy of the state (reads the slot tensors). */
  state(): OptimizerState;
  /** Replaces the state with a saved one (same kind, same variables); throws an `InvalidInputError` otherwise. */
  restore(state: OptimizerState): void;
  /** Disposes the slot variables. */
  dispose(): void;
}

/**
 * The optimizer of a training spec over `variables`, with PyTorch's update rules (the reference's framework):
 * SGD `buf ← μ·buf + g; p ← p − lr·buf` (μ = 0: `p ← p − lr·g`); Adam `m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
 * p ← p − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)`. Unlike tfjs' optimizers, the bias corrections are computed
 * from the step count t alone and every slot is a plain tensor, so restoring a checkpoint continues bitwise exactly.
 */
export function createOptimizer(spec: OptimizerSpec, variables: readonly Variable[]): TrainingOptimizer {
  return spec.kind === 'sgd' ? new Sgd(spec, variables) : new Adam(spec, variables);
}

/** Shared slot handling. */
abstract class SlotOptimizer implements TrainingOptimizer {
  abstract readonly kind: OptimizerSpec['kind'];
  step = 0;
  protected readonly slots: Variable[];

  constructor(
    protected readonly variables: readonly Variable[],
    private readonly slotNames: readonly string[],
  ) {
    this.slots = slotNames.flatMap(() => variables.map((v) => tidy(() => variable(zerosLike(v), false))));
  }

  /** Float32 scalars of the fixed hyperparameters, made once (not once per variable and step) and kept. */
  readonly #constants: Scalar[] = [];

  abstract apply(gradients: readonly Tensor[]): void;

  /**
   * `value` as a float32 scalar tensor kept until `dispose`: the same tensor `mul(x, value)` would make from the
   * number on every call, so the kernels see the same values.
   */
  protected constant(value: number): Scalar {
    const made = keep(scalar(value, 'float32'));
    this.#constants.push(made);
    return made;
  }

  protected checkGradients(gradients: readonly Tensor[]): void {
    if (gradients.length !== this.variables.length) {
      dispose([...gradients]);
      throw new Error(`optimizer: ${gradients.length} gradients for ${this.variables.length} variables`);
    }
  }

  state(): OptimizerState {
    const n = this.variables.length;
    return {
      kind: this.kind,
      step: this.step,
      slots: this.slots.map((slot, i) => ({
        name: `${i % n}/${this.slotNames[Math.floor(i / n)] ?? '?'}`,
        shape: [...slot.shape],
        values: Float32Array.from(slot.dataSync()),
      })),
    };
  }

  restore(state: OptimizerState): void {
    if (state.kind !== this.kind)
      throw new InvalidInputError('checkpoint.optimizer.kind', `"${this.kind}"`, state.kind);
    if (!Number.isSafeInteger(state.step) || state.step < 0) {
      throw new InvalidInputError('checkpoint.optimizer.step', 'an integer >= 0', state.step);
    }
    if (state.slots.length !== this.slots.length) {
      throw new InvalidInputError('checkpoint.optimizer.slots', `${this.slots.length} slots`, state.slots.length);
    }
    state.slots.forEach((saved, i) => {
      const slot = this.slots[i]!;
      if (saved.shape.join(',') !== slot.shape.join(',') || saved.values.length !== slot.size) {
        throw new InvalidInputError(
          `checkpoint.optimizer.slots[${i}]`,
          `shape [${slot.shape.join(', ')}]`,
          `[${saved.shape.join(', ')}]`,
        );
      }
    });
    state.slots.forEach((saved, i) => {
      tidy(() => this.slots[i]!.assign(tensor(saved.values, [...saved.shape], 'float32')));
    });
    this.step = state.step;
  }

  dispose(): void {
    dispose(this.slots);
    dispose(this.#constants.splice(0));
  }
}

class Sgd extends SlotOptimizer {
  readonly kind = 'sgd';
  readonly #learningRate: Scalar;
  readonly #momentum: Scalar | undefined;

  constructor(spec: Extract<OptimizerSpec, { kind: 'sgd' }>, variables: readonly Variable[]) {
    const momentum = spec.momentum ?? trainingSpecDefaults.sgd.momentum;
    super(variables, momentum > 0 ? ['momentum'] : []);
    this.#learningRate = this.constant(spec.learningRate);
    this.#momentum = momentum > 0 ? this.constant(momentum) : undefined;
  }

  apply(gradients: readonly Tensor[]): void {
    this.checkGradients(gradients);
    tidy(() => {
      this.variables.forEach((p, i) => {
        const g = gradients[i]!;
        if (this.#momentum !== undefined) {
          const buffer = this.slots[i]!;
          buffer.assign(add(mul(buffer, this.#momentum), g));
          p.assign(sub(p, mul(buffer, this.#learningRate)));
        } else {
          p.assign(sub(p, mul(g, this.#learningRate)));
        }
      });
    });
    dispose([...gradients]);
    this.step += 1;
  }
}

class Adam extends SlotOptimizer {
  readonly kind = 'adam';
  readonly #learningRate: number;
  readonly #beta1: number;
  readonly #beta2: number;
  /** β1, 1 − β1, β2, 1 − β2 and ε as float32 scalars. */
  readonly #factors: { b1: Scalar; oneMinusB1: Scalar; b2: Scalar; oneMinusB2: Scalar; epsilon: Scalar };

  constructor(spec: Extract<OptimizerSpec, { kind: 'adam' }>, variables: readonly Variable[]) {
    super(variables, ['m', 'v']);
    const defaults = trainingSpecDefaults.adam;
    this.#learningRate = spec.learningRate;
    this.#beta1 = spec.beta1 ?? defaults.beta1;
    this.#beta2 = spec.beta2 ?? defaults.beta2;
    this.#factors = {
      b1: this.constant(this.#beta1),
      oneMinusB1: this.constant(1 - this.#beta1),
      b2: this.constant(this.#beta2),
      oneMinusB2: this.constant(1 - this.#beta2),
      epsilon: this.constant(spec.epsilon ?? defaults.epsilon),
    };
  }

  apply(gradients: readonly Tensor[]): void {
    this.checkGradients(gradients);
    const t = this.step + 1;
    const b1 = this.#beta1;
    const b2 = this.#beta2;
    // Bias corrections from t alone (float64), so a restored optimizer continues exactly.
    const stepSize = this.#learningRate / (1 - b1 ** t);
    const rootCorrection2 = Math.sqrt(1 - b2 ** t);
    const n = this.variables.length;
    const c = this.#factors;
    tidy(() => {
      // This step's factors, one float32 scalar each for all variables.
      const inverseRootCorrection2 = scalar(1 / rootCorrection2, 'float32');
      const stepSizeScalar = scalar(stepSize, 'float32');
      this.variables.forEach((p, i) => {
        const g = gradients[i]!;
        const m = this.slots[i]!;
        const v = this.slots[n + i]!;
        m.assign(add(mul(m, c.b1), mul(g, c.oneMinusB1)));
        v.assign(add(mul(v, c.b2), mul(square(g), c.oneMinusB2)));
        const denominator = add(mul(sqrt(v), inverseRootCorrection2), c.epsilon);
        p.assign(sub(p, mul(div(m, denominator), stepSizeScalar)));
      });
    });
    dispose([...gradients]);
    this.step = t;
  }
}
