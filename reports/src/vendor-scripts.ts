import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The browser builds the page inlines: d3 and Observable Plot as UMD scripts (no CDN). */
export interface VendorScripts {
  /** `d3/dist/d3.min.js` (defines the global `d3`). */
  readonly d3: string;
  /** `@observablehq/plot/dist/plot.umd.min.js` (defines the global `Plot`, uses the global `d3`). */
  readonly plot: string;
}

let cached: Promise<VendorScripts> | null = null;

/** Reads d3's and Plot's minified browser builds from node_modules (once per process). */
export function vendorScripts(): Promise<VendorScripts> {
  cached ??= (async () => {
    const require = createRequire(import.meta.url);
    // Both packages' `exports` hide `dist/`; resolve their entry points and walk to the build next to them.
    const d3Dir = dirname(require.resolve('d3')); // …/d3/dist/d3.(m)js
    const plotDir = dirname(dirname(require.resolve('@observablehq/plot'))); // …/plot/src/index.js
    const [d3, plot] = await Promise.all([
      readFile(join(d3Dir, 'd3.min.js'), 'utf8'),
      readFile(join(plotDir, 'dist', 'plot.umd.min.js'), 'utf8'),
    ]);
    return { d3, plot };
  })().catch((error: unknown) => {
    cached = null; // a failed read is retried by the next call
    throw error;
  });
  return cached;
}
