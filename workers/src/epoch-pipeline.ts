import { copyFile, link, mkdir, readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';

/**
 * Runs a training run's per-epoch side effects (upload the checkpoint, heartbeat it, log metrics, signal progress)
 * one after another in the background while the next epoch trains, instead of holding training up for their round
 * trips. Order is kept: an epoch's work starts only after the previous epoch's finished, so a heartbeat never names a
 * checkpoint before it is uploaded, and never an older one after a newer one. At most `depth` epochs wait (then
 * `push` waits for the oldest), so a slow store slows training down rather than piling up staged checkpoints.
 * The first failure is kept: the next `push` and `drain` throw it.
 */
export interface EpochPipeline {
  /** Queues one epoch's work (resolves once it is queued, after waiting for room). */
  push(work: () => Promise<void>): Promise<void>;
  /** Waits for every queued epoch; throws the first failure. */
  drain(): Promise<void>;
  /** Waits for every queued epoch, ignoring failures (for error paths). */
  settle(): Promise<void>;
}

/** An `EpochPipeline` holding at most `depth` epochs (default 2). */
export function epochPipeline(depth = 2): EpochPipeline {
  const queued: Promise<void>[] = [];
  let tail: Promise<void> = Promise.resolve();
  let failure: { readonly error: unknown } | undefined;
  const throwIfFailed = (): void => {
    if (failure !== undefined) throw failure.error;
  };
  return {
    async push(work) {
      throwIfFailed();
      while (queued.length >= depth) await queued[0];
      throwIfFailed();
      const done: Promise<void> = tail
        .then(async () => {
          if (failure === undefined) await work();
        })
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => {
          const at = queued.indexOf(done);
          if (at >= 0) void queued.splice(at, 1);
        });
      queued.push(done);
      tail = done;
    },
    async drain() {
      await tail;
      throwIfFailed();
    },
    async settle() {
      await tail;
    },
  };
}

/**
 * Hard-links the files of the checkpoint folder `source` into `<stagingDir>/<its name>` (a copy where links are not
 * possible), so that the upload can read them after the next checkpoint write removed `source`. Returns the staged
 * folder; remove it once uploaded.
 */
export async function stageCheckpoint(source: string, stagingDir: string): Promise<string> {
  const staged = join(stagingDir, basename(source));
  await rm(staged, { recursive: true, force: true });
  await mkdir(staged, { recursive: true });
  for (const entry of await readdir(source, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const from = join(source, entry.name);
    const to = join(staged, entry.name);
    await link(from, to).catch(() => copyFile(from, to));
  }
  return staged;
}
