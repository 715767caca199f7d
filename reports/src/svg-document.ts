/// <reference lib="dom" />
import { parseHTML } from 'linkedom';

/** A DOM document for rendering figures in Node (linkedom), typed as the DOM's `Document` that Plot expects. */
export function createServerDocument(): Document {
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  // linkedom implements the parts of the DOM that Plot uses (its types declare the DOM lib's Document).
  return document;
}

/** A rendered figure as a standalone SVG file (with the SVG namespace), from Plot's `<svg>` element. */
export function svgFile(figure: Element): string {
  const svg = figure.tagName.toLowerCase() === 'svg' ? figure : figure.querySelector('svg');
  if (svg === null) throw new Error('svgFile: the figure has no <svg>');
  svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg.outerHTML}\n`;
}
