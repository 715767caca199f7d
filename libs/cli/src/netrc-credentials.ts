import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { InvalidInputError } from '@bcml/core';
import { netrcAuthorization, parseNetrc, type HttpAuthorization } from '@bcml/workers';

import type { CliIo } from './cli-io.js';

/**
 * The worker's credentials for http(s) files, from the netrc file `NETRC` names (default `~/.netrc`, skipped when
 * absent): undefined without a file. An unreadable or malformed `NETRC` file is an `InvalidInputError` naming it.
 */
export function netrcCredentials(env: CliIo['env'], home = homedir()): HttpAuthorization | undefined {
  const named = env['NETRC']?.trim();
  const file = named === undefined || named === '' ? join(home, '.netrc') : named;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (file !== named && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InvalidInputError('NETRC', 'a readable netrc file', file, { cause: error });
  }
  try {
    return netrcAuthorization(parseNetrc(text, file));
  } catch (error) {
    throw new InvalidInputError('NETRC', `a netrc file (${(error as Error).message})`, file, { cause: error });
  }
}
