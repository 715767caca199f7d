import { InvalidInputError } from '@bcml/core';
import { randomUUID } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { artifactProxyPath, artifactUriJoin, joinArtifactPath } from './artifact-uri.js';
import { uploadArtifacts } from './artifacts.js';
import { MlflowError } from './mlflow-error.js';
import { TRACKING_API, type MlflowHttp } from './mlflow-http.js';
import { mlflowTensorSignature, mlmodelDict, mlmodelYaml, type MlmodelValue, type TensorSignature } from './mlmodel.js';

/** The custom MLflow flavor bcml writes for TensorFlow.js models. */
export const TFJS_FLAVOR = 'bcml_tfjs';

/** Where and how a tfjs model is logged. */
export interface LogTfjsModelOptions {
  /** Artifact folder under the run's root; default `model`. */
  readonly artifactPath?: string;
  /** Flavor name in the MLmodel file; default `bcml_tfjs`. */
  readonly flavor?: string;
  /** Extra flavor fields (e.g. `{ task: 'classification', classes: 10 }`). */
  readonly flavorConfig?: { readonly [key: string]: MlmodelValue };
  /** The model's signature, shown by MLflow's model view: one example's input and output shapes (float32). */
  readonly signature?: TensorSignature;
}

/** A model logged to a run. */
export interface LoggedModel {
  readonly artifactPath: string;
  /** `mlflow-artifacts:/<exp>/<run>/artifacts/<artifactPath>`: the source of a registry version. */
  readonly artifactUri: string;
  /** `runs:/<run>/<artifactPath>`. */
  readonly modelUri: string;
  /** The artifact paths written (model files and `MLmodel`), relative to the run's root. */
  readonly files: readonly string[];
  /** True when the server recorded it with `runs/log-model` (tag `mlflow.log-model.history`). */
  readonly recorded: boolean;
}

/** The run a model is logged to: what `RunInfo` has. */
export interface ModelRunRef {
  readonly runId: string;
  readonly artifactUri: string;
}

/**
 * Logs a saved tfjs model folder (`model.json` + the weight files its manifest names) to `run` under
 * `artifactPath`, with an `MLmodel` file declaring the custom flavor, then records it with `runs/log-model`
 * (skipped, `recorded: false`, when the server lacks that endpoint).
 */
export async function logTfjsModel(
  http: MlflowHttp,
  run: ModelRunRef,
  modelDir: string,
  options: LogTfjsModelOptions = {},
): Promise<LoggedModel> {
  const artifactPath = joinArtifactPath(options.artifactPath ?? 'model');
  if (artifactPath === '') throw new InvalidInputError('artifactPath', 'a folder name such as "model"', '');
  const manifest = await readTfjsManifest(modelDir);
  const flavor = options.flavor ?? TFJS_FLAVOR;

  const files = await uploadArtifacts(http, run.artifactUri, modelDir, artifactPath);
  const spec = {
    artifactPath,
    runId: run.runId,
    ...(options.signature === undefined ? {} : { signature: mlflowTensorSignature(options.signature) }),
    modelUuid: randomUUID().replace(/-/g, ''),
    created: new Date(http.now()),
    flavors: {
      [flavor]: {
        model_json: 'model.json',
        format: manifest.format,
        weight_files: manifest.weightFiles,
        ...(manifest.generatedBy === undefined ? {} : { generated_by: manifest.generatedBy }),
        ...options.flavorConfig,
      },
    },
  };
  const mlmodelPath = joinArtifactPath(artifactPath, 'MLmodel');
  await http.put(joinArtifactPath(artifactProxyPath(run.artifactUri), mlmodelPath), mlmodelYaml(spec));

  let recorded = true;
  try {
    await http.json('POST', `${TRACKING_API}/runs/log-model`, {
      body: { run_id: run.runId, model_json: JSON.stringify(mlmodelDict(spec)) },
    });
  } catch (error) {
    // An older or stripped-down server without the endpoint: the artifacts are there, the history tag is not.
    if (!(error instanceof MlflowError && (error.status === 404 || error.errorCode === 'ENDPOINT_NOT_FOUND'))) {
      throw error;
    }
    recorded = false;
  }
  return {
    artifactPath,
    artifactUri: artifactUriJoin(run.artifactUri, artifactPath),
    modelUri: `runs:/${run.runId}/${artifactPath}`,
    files: [...files, mlmodelPath].sort(),
    recorded,
  };
}

interface TfjsManifest {
  readonly format: string;
  readonly generatedBy: string | undefined;
  readonly weightFiles: readonly string[];
}

/** Reads `model.json` and checks that every weight file its manifest names is in the folder. */
async function readTfjsManifest(modelDir: string): Promise<TfjsManifest> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(join(modelDir, 'model.json'), 'utf8'));
  } catch (cause) {
    throw new InvalidInputError('modelDir', 'a tfjs model folder with a readable model.json', modelDir, { cause });
  }
  const model = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const groups = Array.isArray(model.weightsManifest) ? (model.weightsManifest as unknown[]) : [];
  const weightFiles = groups.flatMap((group) => {
    const paths = typeof group === 'object' && group !== null ? (group as { paths?: unknown }).paths : undefined;
    return Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : [];
  });
  for (const file of weightFiles) {
    try {
      await access(join(modelDir, file));
    } catch (cause) {
      throw new InvalidInputError('modelDir', `a tfjs model folder holding every weight file (${file})`, modelDir, {
        cause,
      });
    }
  }
  return {
    format: typeof model.format === 'string' ? model.format : 'layers-model',
    generatedBy: typeof model.generatedBy === 'string' ? model.generatedBy : undefined,
    weightFiles,
  };
}
