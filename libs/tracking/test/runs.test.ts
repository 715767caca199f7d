import { afterAll, describe, expect, it } from 'vitest';

import { InvalidInputError } from '@bcml/core';
import {
  MlflowError,
  PARENT_RUN_ID_TAG,
  quoteFilterValue,
  RUN_KEY_TAG,
  tagEqualsFilter,
  type Run,
} from '@bcml/tracking';

import { deleteCreatedExperiments, newExperiment, stackClient, trackExperiment, uniqueName } from './helpers.js';

const client = stackClient();
afterAll(deleteCreatedExperiments);

async function collect(runs: AsyncIterable<Run>): Promise<Run[]> {
  const all: Run[] = [];
  for await (const run of runs) all.push(run);
  return all;
}

describe('experiments', () => {
  it('gets an experiment by name or creates it, once', async () => {
    const name = uniqueName('bcml-test-exp');
    expect(await client.getExperimentByName(name)).toBeUndefined();
    const first = await client.getOrCreateExperiment(name, { tags: { team: 'bcml' } });
    trackExperiment(first.experimentId);
    const second = await client.getOrCreateExperiment(name);
    expect(second.experimentId).toBe(first.experimentId);
    expect(first.name).toBe(name);
    expect(first.tags.team).toBe('bcml');
    expect(first.artifactLocation).toBe(`mlflow-artifacts:/${first.experimentId}`);
    expect((await client.getExperiment(first.experimentId)).name).toBe(name);
    const clash = await client.createExperiment(name).catch((e: unknown) => e);
    expect(clash).toBeInstanceOf(MlflowError);
    expect((clash as MlflowError).errorCode).toBe('RESOURCE_ALREADY_EXISTS');
    expect((clash as MlflowError).retryable).toBe(false);
  });

  it('deletes an active experiment: it turns deleted and its name is not reused; others are refused', async () => {
    const name = uniqueName('bcml-test-deleted');
    const { experimentId } = await client.getOrCreateExperiment(name);
    await client.deleteExperiment(experimentId);
    expect((await client.getExperiment(experimentId)).lifecycleStage).toBe('deleted');
    expect((await client.getExperimentByName(name))?.lifecycleStage).toBe('deleted');
    await expect(client.getOrCreateExperiment(name)).rejects.toThrow(InvalidInputError);
    for (const gone of [experimentId, '999999999']) {
      const refused = await client.deleteExperiment(gone).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(MlflowError);
      expect((refused as MlflowError).errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
      expect((refused as MlflowError).retryable).toBe(false);
    }
  });
});

describe('runs', () => {
  it('creates, updates, ends and gets a run', async () => {
    const experimentId = await newExperiment(client, 'runs');
    const run = await client.createRun(experimentId, {
      runName: 'first',
      tags: { 'bcml.sweep': 's1' },
      startTime: 1000,
    });
    expect(run.info).toMatchObject({ experimentId, runName: 'first', status: 'RUNNING', startTime: 1000 });
    expect(run.info.artifactUri).toBe(`mlflow-artifacts:/${experimentId}/${run.info.runId}/artifacts`);
    expect(run.data.tags['bcml.sweep']).toBe('s1');

    const updated = await client.updateRun(run.info.runId, { status: 'FAILED', runName: 'renamed' });
    expect(updated.status).toBe('FAILED');
    expect(updated.runName).toBe('renamed');
    for (const status of ['KILLED', 'RUNNING'] as const) {
      expect((await client.updateRun(run.info.runId, { status })).status).toBe(status);
    }
    const before = Date.now();
    const ended = await client.endRun(run.info.runId);
    expect(ended.status).toBe('FINISHED');
    expect(ended.endTime).toBeGreaterThanOrEqual(before);
    const fetched = await client.getRun(run.info.runId);
    expect(fetched.info).toMatchObject({ status: 'FINISHED', runName: 'renamed', endTime: ended.endTime });
  });

  it('nests child runs under a parent, visible by searching tags.mlflow.parentRunId', async () => {
    const experimentId = await newExperiment(client, 'nested');
    const parent = await client.createRun(experimentId, { runName: 'sweep' });
    const children = await Promise.all(
      ['0', '0.25', '0.5'].map((lambda) =>
        client.createRun(experimentId, { runName: `lambda=${lambda}`, parentRunId: parent.info.runId }),
      ),
    );
    await client.createRun(experimentId, { runName: 'unrelated' });
    expect(children[0]?.data.tags[PARENT_RUN_ID_TAG]).toBe(parent.info.runId);

    const found = await collect(
      client.searchRuns({
        experimentIds: [experimentId],
        filter: `tags.mlflow.parentRunId = '${parent.info.runId}'`,
      }),
    );
    expect(found.map((r) => r.info.runId).sort()).toEqual(children.map((r) => r.info.runId).sort());
  });

  it('searches with a filter, one page at a time or over every page', async () => {
    const experimentId = await newExperiment(client, 'search');
    for (let i = 0; i < 5; i += 1) {
      const run = await client.createRun(experimentId, { runName: `r${i}`, startTime: 1000 + i });
      await client.logParams(run.info.runId, { loss: i % 2 === 0 ? 'mse' : 'ce', i });
    }
    const query = {
      experimentIds: [experimentId],
      filter: "params.loss = 'mse'",
      orderBy: ['attributes.start_time ASC'],
      maxResults: 2,
    };
    const first = await client.searchRunsPage(query);
    expect(first.runs.map((r) => r.info.runName)).toEqual(['r0', 'r2']);
    expect(first.nextPageToken).toBeDefined();
    const second = await client.searchRunsPage(query, first.nextPageToken);
    expect(second.runs.map((r) => r.info.runName)).toEqual(['r4']);
    const all = await collect(client.searchRuns(query));
    expect(all.map((r) => r.data.params.i)).toEqual(['0', '2', '4']);
    expect((await collect(client.searchRuns({ experimentIds: [experimentId] }))).length).toBe(5);
  });

  it('getOrCreateRun finds the run by its bcml.key tag instead of creating a second one', async () => {
    const experimentId = await newExperiment(client, 'idempotent');
    const keys = ['sweep-1/new-error/cross-entropy/0.25', "it's", 'say "hi"', `both ' and "`];
    for (const key of keys) {
      const first = await client.getOrCreateRun(experimentId, key, { runName: 'point' });
      const again = await client.getOrCreateRun(experimentId, key, { runName: 'point' });
      expect(first.created).toBe(true);
      expect(again.created).toBe(false);
      expect(again.run.info.runId).toBe(first.run.info.runId);
      expect(first.run.data.tags[RUN_KEY_TAG]).toBe(key);
    }
    const all = await collect(client.searchRuns({ experimentIds: [experimentId] }));
    expect(all.length).toBe(keys.length);
  });
});

describe('search filters', () => {
  it('quote values MLflow-style (no escapes exist) and fall back to LIKE for both quote kinds', () => {
    expect(quoteFilterValue('a')).toBe("'a'");
    expect(quoteFilterValue("it's")).toBe(`"it's"`);
    expect(() => quoteFilterValue(`'"`)).toThrow(InvalidInputError);
    expect(tagEqualsFilter('bcml.key', 'x/0.5')).toBe("tags.`bcml.key` = 'x/0.5'");
    expect(tagEqualsFilter('bcml.key', `a'b"c`)).toBe("tags.`bcml.key` LIKE 'a_b_c'");
  });
});
