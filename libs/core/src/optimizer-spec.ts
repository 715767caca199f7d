import { oneOfAt } from './json-fields.js';
import { numberInAt, positiveNumberAt } from './json-numbers.js';
import { fieldOf, optionalAt, recordAt, rejectUnknownKeys, requiredAt } from './json-object.js';

/** SGD, with heavy-ball momentum when `momentum` > 0 (PyTorch's `SGD(lr, momentum)`, no dampening, no Nesterov). */
export interface SgdSpec {
  readonly kind: 'sgd';
  readonly learningRate: number;
  /** In [0, 1), default 0 (plain SGD). */
  readonly momentum?: number;
}

/** Adam (Kingma & Ba 2015, PyTorch's update rule). */
export interface AdamSpec {
  readonly kind: 'adam';
  readonly learningRate: number;
  /** In [0, 1), default 0.9. */
  readonly beta1?: number;
  /** In [0, 1), default 0.999. */
  readonly beta2?: number;
  /** > 0, default 1e-8. */
  readonly epsilon?: number;
}

/** The optimizer of a training spec. */
export type OptimizerSpec = SgdSpec | AdamSpec;

/** The keys each optimizer kind accepts. */
const keysOf: { readonly [K in OptimizerSpec['kind']]: readonly string[] } = {
  sgd: ['kind', 'learningRate', 'momentum'],
  adam: ['kind', 'learningRate', 'beta1', 'beta2', 'epsilon'],
};

/**
 * Validates an optimizer (optional fields stay omitted; `trainingSpecDefaults` lists their values), naming the
 * field under `field`, e.g. `invalid h2.optimizer.momentum: expected a number in [0, 1), received 1`.
 */
export function parseOptimizerSpec(value: unknown, field: string): OptimizerSpec {
  const record = recordAt(field, value, 'an optimizer object with a "kind"');
  const at = (key: string): string => fieldOf(field, key);
  const kind = oneOfAt(at('kind'), record['kind'], ['sgd', 'adam'] as const, '"sgd" or "adam"');
  rejectUnknownKeys(field, record, keysOf[kind], { owner: `an "${kind}" optimizer` });
  const learningRate = positiveNumberAt(at('learningRate'), requiredAt(field, record, 'learningRate'));
  const rate = (key: string): number | undefined => optionalAt(record, key, (v) => numberInAt(at(key), v, '[0, 1)'));
  switch (kind) {
    case 'sgd': {
      const momentum = rate('momentum');
      return momentum === undefined ? { kind, learningRate } : { kind, learningRate, momentum };
    }
    case 'adam': {
      const beta1 = rate('beta1');
      const beta2 = rate('beta2');
      const epsilon = optionalAt(record, 'epsilon', (v) => positiveNumberAt(at('epsilon'), v));
      return {
        kind,
        learningRate,
        ...(beta1 === undefined ? {} : { beta1 }),
        ...(beta2 === undefined ? {} : { beta2 }),
        ...(epsilon === undefined ? {} : { epsilon }),
      };
    }
  }
}
