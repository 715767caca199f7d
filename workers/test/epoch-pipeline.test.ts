// The per-epoch side-effect pipeline of a training point: order, bounded depth, first failure, staged checkpoints.
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { epochPipeline, stageCheckpoint } from '@bcml/workers';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('epochPipeline', () => {
  it('runs the epochs’ work one after another, in order, without holding up push beyond its depth', async () => {
    const pipeline = epochPipeline(2);
    const log: string[] = [];
    const releases: (() => void)[] = [];
    const work = (n: number) => async () => {
      log.push(`start ${n}`);
      await new Promise<void>((resolve) => releases.push(resolve));
      log.push(`end ${n}`);
    };
    await pipeline.push(work(1));
    await pipeline.push(work(2));
    let third = false;
    const pushing = pipeline.push(work(3)).then(() => (third = true));
    await tick();
    expect(log).toEqual(['start 1']);
    expect(third).toBe(false); // two epochs wait: the third push waits for room
    releases.shift()!();
    await pushing;
    await tick();
    expect(third).toBe(true);
    expect(log).toEqual(['start 1', 'end 1', 'start 2']);
    while (log.length < 6) {
      releases.shift()?.();
      await tick();
    }
    await pipeline.drain();
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('keeps the first failure: later work is skipped, and the next push and drain throw it', async () => {
    const pipeline = epochPipeline();
    const ran: number[] = [];
    await pipeline.push(() => Promise.reject(new Error('upload refused')));
    await pipeline.push(() => Promise.resolve(void ran.push(2))).catch(() => undefined);
    await pipeline.settle();
    expect(ran).toEqual([]);
    await expect(pipeline.push(() => Promise.resolve(void ran.push(3)))).rejects.toThrow('upload refused');
    await expect(pipeline.drain()).rejects.toThrow('upload refused');
  });
});

describe('stageCheckpoint', () => {
  it('links the folder’s files aside, so they outlive the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bcml-stage-'));
    try {
      const source = join(dir, 'checkpoint', 'epoch-000003-ab12');
      await mkdir(source, { recursive: true });
      await writeFile(join(source, 'weights.bin'), 'w');
      await writeFile(join(source, 'checkpoint.json'), '{}');
      const staged = await stageCheckpoint(source, join(dir, 'staged'));
      expect(staged).toBe(join(dir, 'staged', 'epoch-000003-ab12'));
      await rm(source, { recursive: true });
      expect((await readdir(staged)).sort()).toEqual(['checkpoint.json', 'weights.bin']);
      expect(await readFile(join(staged, 'weights.bin'), 'utf8')).toBe('w');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
