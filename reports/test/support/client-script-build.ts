// Builds the page script: esbuild bundles reports/src/client/main.ts into a minified IIFE (Plot and d3 resolve to
// the globals of the inlined UMD builds), wrapped as reports/src/client-script.generated.ts and formatted with
// Prettier. Run `npx tsx reports/test/support/client-script-build.ts` to regenerate after editing src/client.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { build, type Plugin } from 'esbuild';
import { format, resolveConfig } from 'prettier';

/** The generated module's path. */
export const GENERATED_PATH = fileURLToPath(new URL('../../src/client-script.generated.ts', import.meta.url));

const ENTRY = fileURLToPath(new URL('../../src/client/main.ts', import.meta.url));

/** Maps `@observablehq/plot` and `d3` to the globals `Plot` and `d3` that the inlined UMD scripts define. */
const umdGlobals: Plugin = {
  name: 'umd-globals',
  setup(builder) {
    builder.onResolve({ filter: /^(@observablehq\/plot|d3)$/ }, (args) => ({
      path: args.path,
      namespace: 'umd-global',
    }));
    builder.onLoad({ filter: /.*/, namespace: 'umd-global' }, (args) => ({
      contents: `module.exports = globalThis.${args.path === 'd3' ? 'd3' : 'Plot'};`,
      loader: 'js',
    }));
  },
};

/** The content the generated module should have now (bundled, wrapped and formatted). */
export async function clientScriptModule(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    logLevel: 'silent',
    plugins: [umdGlobals],
  });
  const code = result.outputFiles[0]?.text ?? '';
  const source = [
    '// Generated from src/client/*.ts by test/support/client-script-build.ts (esbuild, minified IIFE): do not edit.',
    '// Regenerate with `npx tsx reports/test/support/client-script-build.ts`; a test fails while it is stale.',
    '',
    '/** The page script (bundle of `src/client/main.ts`), inlined into every report’s `index.html`. */',
    `export const CLIENT_SCRIPT: string = ${JSON.stringify(code.trimEnd())};`,
    '',
  ].join('\n');
  const options = (await resolveConfig(GENERATED_PATH)) ?? {};
  return format(source, { ...options, filepath: GENERATED_PATH });
}

/** Whether the committed module is up to date; rewrites it when it is not (so a second run passes). */
export async function refreshClientScript(): Promise<{ fresh: boolean }> {
  const wanted = await clientScriptModule();
  const current = await readFile(GENERATED_PATH, 'utf8').catch(() => '');
  if (current === wanted) return { fresh: true };
  await writeFile(GENERATED_PATH, wanted);
  return { fresh: false };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { fresh } = await refreshClientScript();
  console.log(fresh ? 'client script is up to date' : `wrote ${GENERATED_PATH}`);
}
