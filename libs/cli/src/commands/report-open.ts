import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { InvalidInputError } from '@bcml/core';

import type { CliIo } from '../cli-io.js';
import { EXIT } from '../exit-codes.js';
import { parseCommand } from '../parse-command.js';
import { UsageError } from '../usage-error.js';

/** The usage of `bcml report`. */
export const REPORT_USAGE = `usage: bcml report open <path>

Prints the file:// URL of a report's index.html (path: the report folder, its index.html, or a file:// URI).
`;

/** The `index.html` of a report given as a folder, a file or a `file://` URI; missing is an `InvalidInputError`. */
export function reportIndex(path: string): string {
  const local = resolve(path.startsWith('file:') ? fileURLToPath(path) : path);
  const index = existsSync(local) && statSync(local).isDirectory() ? join(local, 'index.html') : local;
  if (!existsSync(index)) throw new InvalidInputError('report path', 'a report folder or its index.html', path);
  return index;
}

/** `bcml report open <path>`. */
export function reportCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(args, {}, REPORT_USAGE);
  if (parsed.help) {
    io.out(REPORT_USAGE);
    return Promise.resolve(EXIT.ok);
  }
  const [sub, path, ...extra] = parsed.positionals;
  if (sub !== 'open') throw new UsageError(`unknown report command ${JSON.stringify(sub ?? '')}`, REPORT_USAGE);
  if (path === undefined) throw new UsageError('missing <path>', REPORT_USAGE);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`, REPORT_USAGE);
  io.out(`${pathToFileURL(reportIndex(path)).href}\n`);
  return Promise.resolve(EXIT.ok);
}
