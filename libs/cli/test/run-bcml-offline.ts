import { runCli } from '@bcml/cli';

/**
 * Runs `bcml <args>` in-process with captured output, against servers nobody listens on: a command that reaches for
 * Temporal or MLflow fails fast instead of hanging.
 */
export async function bcmlOffline(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    env: { TEMPORAL_ADDRESS: '127.0.0.1:1', MLFLOW_TRACKING_URI: 'http://127.0.0.1:1' },
  });
  return { code, out, err };
}
