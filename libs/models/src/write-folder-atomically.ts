import { InvalidInputError } from '@bcml/core';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** A file to write: a name inside the folder and its contents. */
export interface FolderFile {
  readonly name: string;
  readonly data: string | Uint8Array;
}

/**
 * Writes `files` as the folder `dir`, atomically for readers: into a temporary sibling folder first, then renamed
 * into place; an existing `dir` is replaced only when it is empty or holds `keepWhen` (e.g. `model.json`: a
 * saved model), else an `InvalidInputError` names `dir`. A reader sees the old folder or the new one, never a
 * partial one (a crash between the two renames leaves no `dir` and a `.<name>.old-*` sibling). Returns the
 * absolute path.
 */
export async function writeFolderAtomically(
  dir: string,
  files: readonly FolderFile[],
  keepWhen: string,
): Promise<string> {
  const target = resolve(dir);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const existing = await stat(target).catch(() => undefined);
  if (existing !== undefined) {
    const entries = existing.isDirectory() ? await readdir(target) : undefined;
    if (entries === undefined || (entries.length > 0 && !entries.includes(keepWhen))) {
      throw new InvalidInputError('dir', `a new folder, an empty one or one holding ${keepWhen}`, target);
    }
  }
  const temporary = await mkdtemp(join(parent, `.${basename(target)}.tmp-`));
  try {
    for (const file of files) await writeFile(join(temporary, file.name), file.data);
    if (existing === undefined) {
      await rename(temporary, target);
    } else {
      const old = join(parent, `.${basename(target)}.old-${randomUUID()}`);
      await rename(target, old);
      await rename(temporary, target);
      await rm(old, { recursive: true, force: true });
    }
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
  return target;
}
