import { afterAll, describe, expect, it } from 'vitest';

import { InvalidInputError } from '@bcml/core';
import { DATASET_CONTEXT_TAG, datasetSource, tensorDatasetSchema } from '@bcml/tracking';

import { deleteCreatedExperiments, newExperiment, stackClient } from './helpers.js';

const client = stackClient();
afterAll(deleteCreatedExperiments);

describe('datasetSource', () => {
  it('names the source type by scheme and leaves credentials, query and fragment out', () => {
    expect(datasetSource('https://alice:s3cret@data.example.org/adult/train.arrow?token=abc#x')).toEqual({
      sourceType: 'http',
      source: { url: 'https://data.example.org/adult/train.arrow' },
    });
    expect(datasetSource('s3://key:secret@bucket/adult?versionId=2')).toEqual({
      sourceType: 's3',
      source: { uri: 's3://bucket/adult' },
    });
    expect(datasetSource('/data/adult')).toEqual({ sourceType: 'local', source: { uri: '/data/adult' } });
    expect(datasetSource('file:///data/adult')).toEqual({ sourceType: 'local', source: { uri: 'file:///data/adult' } });
    expect(datasetSource('bcml:datasets/adult')).toEqual({
      sourceType: 'code',
      source: { uri: 'bcml:datasets/adult' },
    });
  });

  it('describes features and targets as MLflow tensor specs with a −1 batch axis', () => {
    const schema = tensorDatasetSchema([28, 28, 1]) as { mlflow_tensorspec: { features: string; targets: string } };
    expect(JSON.parse(schema.mlflow_tensorspec.features)).toEqual([
      { type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, 28, 28, 1] } },
    ]);
    expect(JSON.parse(schema.mlflow_tensorspec.targets)).toEqual([
      { type: 'tensor', 'tensor-spec': { dtype: 'int32', shape: [-1] } },
    ]);
  });
});

describe('logInputs', () => {
  it('records dataset inputs with their context, read back by getRun; logging them again adds nothing', async () => {
    const experimentId = await newExperiment(client, 'inputs');
    const run = await client.createRun(experimentId, { runName: 'point' });
    const inputs = [
      {
        name: 'adult/train',
        digest: 'a1b2c3d4',
        ...datasetSource('bcml:datasets/adult'),
        schema: tensorDatasetSchema([104]),
        profile: { num_rows: 30162, num_classes: 2 },
        context: 'training',
      },
      { name: 'adult/test', digest: 'e5f6a7b8', ...datasetSource('bcml:datasets/adult'), context: 'eval' },
    ];
    await client.logInputs(run.info.runId, inputs);
    await client.logInputs(run.info.runId, inputs);
    const read = await client.getRun(run.info.runId);
    const byName = new Map(read.inputs.map((input) => [input.name, input]));
    expect(read.inputs).toHaveLength(2);
    expect(byName.get('adult/train')).toMatchObject({
      digest: 'a1b2c3d4',
      sourceType: 'code',
      context: 'training',
    });
    expect(JSON.parse(byName.get('adult/train')!.source)).toEqual({ uri: 'bcml:datasets/adult' });
    expect(JSON.parse(byName.get('adult/train')!.profile)).toEqual({ num_rows: 30162, num_classes: 2 });
    expect(JSON.parse(byName.get('adult/train')!.schema)).toEqual(tensorDatasetSchema([104]));
    expect(byName.get('adult/test')).toMatchObject({ digest: 'e5f6a7b8', context: 'eval', schema: '' });
    expect(DATASET_CONTEXT_TAG).toBe('mlflow.data.context');
  });

  it('refuses a digest longer than MLflow stores, naming the field, before any request', async () => {
    await expect(
      client.logInputs('no-such-run', [{ name: 'x', digest: 'f'.repeat(64), sourceType: 'code', source: {} }]),
    ).rejects.toThrow(new InvalidInputError('datasets[0].digest', 'a string of 1 to 36 characters', 'f'.repeat(64)));
  });
});
