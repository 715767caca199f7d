// Test support: runs Python scripts with the project's venv (pyarrow, pandas), as users' Python code would.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is libs/data/test/python.ts). */
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The project's Python: `<tools>/venv/bin/python`, tools = $BCML_TOOLS_DIR or `<repo>/.tools` (bootstrap makes it). */
export const python = join(process.env['BCML_TOOLS_DIR'] ?? join(root, '.tools'), 'venv', 'bin', 'python');

/** Runs a Python script with arguments (sys.argv[1:]) and returns its standard output. */
export function runPython(script: string, ...args: string[]): string {
  if (!existsSync(python)) throw new Error(`no Python venv at ${python}: run npm run bootstrap first`);
  return execFileSync(python, ['-c', script, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
