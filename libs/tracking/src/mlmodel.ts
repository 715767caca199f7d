/** A value the MLmodel writer can render. */
export type MlmodelValue =
  string | number | boolean | null | readonly MlmodelValue[] | { readonly [key: string]: MlmodelValue };

/** The fields of an `MLmodel` file (MLflow's model descriptor) that a custom flavor needs. */
export interface MlmodelSpec {
  readonly artifactPath: string;
  readonly runId: string;
  /** Flavor name → its configuration, e.g. `{ bcml_tfjs: { model_json: 'model.json' } }`. */
  readonly flavors: { readonly [flavor: string]: { readonly [key: string]: MlmodelValue } };
  readonly modelUuid: string;
  /** When the model was logged. */
  readonly created: Date;
  /** MLflow's signature block (`mlflowTensorSignature`). */
  readonly signature?: { readonly [key: string]: MlmodelValue };
}

/** A model's tensor signature: one example's input shape and output shape (float32 both; no batch axis). */
export interface TensorSignature {
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
}

/**
 * The MLmodel `signature` block MLflow writes for a tensor-based model: `inputs` and `outputs` are JSON texts of
 * tensor specs with the batch axis as −1, e.g. `[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape":
 * [-1, 104]}}]`.
 */
export function mlflowTensorSignature(signature: TensorSignature): { readonly [key: string]: MlmodelValue } {
  const spec = (shape: readonly number[]): string =>
    JSON.stringify([{ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, ...shape] } }]);
  return { inputs: spec(signature.inputShape), outputs: spec(signature.outputShape), params: null };
}

/** The model as `runs/log-model` takes it (`model_json`): MLflow's MLmodel dictionary. */
export function mlmodelDict(spec: MlmodelSpec): { readonly [key: string]: MlmodelValue } {
  return {
    artifact_path: spec.artifactPath,
    flavors: spec.flavors,
    model_uuid: spec.modelUuid,
    run_id: spec.runId,
    ...(spec.signature === undefined ? {} : { signature: spec.signature }),
    utc_time_created: utcTimeCreated(spec.created),
  };
}

/** The `MLmodel` YAML text, in block style with keys sorted as MLflow writes them. */
export function mlmodelYaml(spec: MlmodelSpec): string {
  return `${yamlLines(mlmodelDict(spec), 0).join('\n')}\n`;
}

/** MLflow's `utc_time_created` format: `2024-05-01 12:00:00.123000`. */
function utcTimeCreated(date: Date): string {
  return `${date.toISOString().replace('T', ' ').replace('Z', '')}000`;
}

function yamlLines(value: { readonly [key: string]: MlmodelValue }, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const item = value[key] ?? null;
    const name = /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key) ? key : JSON.stringify(key);
    if (isMapping(item) && Object.keys(item).length > 0) {
      lines.push(`${pad}${name}:`, ...yamlLines(item, indent + 2));
    } else if (Array.isArray(item) && item.length > 0) {
      lines.push(`${pad}${name}:`);
      for (const element of item as readonly MlmodelValue[]) lines.push(`${pad}- ${yamlScalar(element)}`);
    } else {
      lines.push(`${pad}${name}: ${yamlScalar(item)}`);
    }
  }
  return lines;
}

function isMapping(value: MlmodelValue): value is { readonly [key: string]: MlmodelValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Scalars as JSON (a YAML flow subset): strings double-quoted, so `1.0`, `yes` or `null` stay strings. */
function yamlScalar(value: MlmodelValue): string {
  if (isMapping(value) || Array.isArray(value)) return JSON.stringify(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return value > 0 ? '.inf' : value < 0 ? '-.inf' : '.nan';
  return JSON.stringify(value);
}
