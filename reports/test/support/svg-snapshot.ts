// Snapshot testing of figures as normalised SVG (Observable Plot's style): one element per line, numbers in
// attributes rounded to 3 decimals, generated class names and ids reindexed. On a mismatch the new rendering is
// written to `<name>-changed.svg` next to the snapshot and the assertion fails; on a match a stale
// `-changed` file is removed. A missing snapshot is written (and the test passes) except on CI, so new figures
// start a baseline.
/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of the committed snapshots. */
export const SNAPSHOT_DIR = fileURLToPath(new URL('../snapshots/', import.meta.url));

const ROUND = /-?\d+\.\d+(?:e[-+]?\d+)?/g;

function roundNumbers(value: string): string {
  return value.replace(ROUND, (n) => {
    const rounded = Number(Number(n).toFixed(3));
    return String(Object.is(rounded, -0) ? 0 : rounded);
  });
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}

/** Normalises a figure (an `<svg>` or a `<figure>` holding one) into stable, line-per-element SVG text. */
export function normalizeSvg(element: Element): string {
  const ids = new Map<string, string>();
  const reindex = (value: string): string =>
    value.replace(/plot-[0-9a-f]{6}\b/g, 'plot').replace(/plot-(clip|pattern)-\d+/g, (id, kind: string) => {
      if (!ids.has(id)) ids.set(id, `plot-${kind}-${ids.size + 1}`);
      return ids.get(id) ?? id;
    });
  const lines: string[] = [];
  const walk = (node: Node, depth: number): void => {
    const indent = '  '.repeat(depth);
    if (node.nodeType === 3) {
      const text = (node.textContent ?? '').trim();
      if (text !== '') lines.push(`${indent}${escapeText(text)}`);
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    const tag = el.tagName.toLowerCase();
    const attrs = Array.from(el.attributes)
      .map((a) => ` ${a.name}="${escapeAttribute(reindex(roundNumbers(a.value)))}"`)
      .join('');
    if (tag === 'style') {
      lines.push(`${indent}<style>${reindex((el.textContent ?? '').replace(/\s+/g, ' ').trim())}</style>`);
      return;
    }
    const children = Array.from(el.childNodes).filter((c) => c.nodeType === 1 || (c.textContent ?? '').trim() !== '');
    if (children.length === 0) {
      lines.push(`${indent}<${tag}${attrs} />`);
      return;
    }
    if (children.length === 1 && children[0]?.nodeType === 3) {
      lines.push(`${indent}<${tag}${attrs}>${escapeText((children[0].textContent ?? '').trim())}</${tag}>`);
      return;
    }
    lines.push(`${indent}<${tag}${attrs}>`);
    for (const child of children) walk(child, depth + 1);
    lines.push(`${indent}</${tag}>`);
  };
  walk(element, 0);
  return `${lines.join('\n')}\n`;
}

/**
 * Compares a figure with `snapshots/<name>.svg`. Returns an error message on a mismatch (after writing
 * `<name>-changed.svg`), or null on a match (after removing a stale `-changed` file) or a new baseline.
 */
export async function compareSvgSnapshot(name: string, element: Element): Promise<string | null> {
  const actual = normalizeSvg(element);
  const expectedPath = join(SNAPSHOT_DIR, `${name}.svg`);
  const changedPath = join(SNAPSHOT_DIR, `${name}-changed.svg`);
  await mkdir(SNAPSHOT_DIR, { recursive: true });
  if (!existsSync(expectedPath)) {
    if (process.env['CI'] !== undefined) return `missing snapshot snapshots/${name}.svg (not written on CI)`;
    await writeFile(expectedPath, actual);
    return null;
  }
  const expected = await readFile(expectedPath, 'utf8');
  if (expected === actual) {
    await rm(changedPath, { force: true });
    return null;
  }
  await writeFile(changedPath, actual);
  return `figure ${name} differs from snapshots/${name}.svg; the new rendering is in snapshots/${name}-changed.svg`;
}

/** Removes every `*-changed.svg` except those of the given (failed) snapshots: none is left behind by a passing run. */
export async function removeStaleChangedFiles(failed: ReadonlySet<string>): Promise<void> {
  for (const file of await readdir(SNAPSHOT_DIR).catch(() => [] as string[])) {
    const match = /^(.*)-changed\.svg$/.exec(file);
    if (match !== null && !failed.has(match[1] ?? '')) await rm(join(SNAPSHOT_DIR, file), { force: true });
  }
}
