// The benchmarks' PyTorch peer: the python of the bench venv (.tools/venv-bench, torch pinned in
// infra/python/requirements-bench.txt), installed on first use by infra/scripts/bench-venv.sh.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The bench venv's python, or why there is none (the install failed, e.g. offline). */
export function benchPython(): { python: string } | { reason: string } {
  const r = spawnSync('bash', [join(repo, 'infra', 'scripts', 'bench-venv.sh')], { encoding: 'utf8' });
  if (r.status !== 0) return { reason: `infra/scripts/bench-venv.sh failed (${r.status}): ${r.stderr.trim()}` };
  return { python: r.stdout.trim().split('\n').at(-1)! };
}
