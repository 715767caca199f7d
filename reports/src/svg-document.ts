/// <reference lib="dom" />
import { parseHTML } from 'linkedom';

/** A DOM document for rendering figures in Node (linkedom), typed as the DOM's `Document` that Plot expects. */
export function createServerDocument(): Document {
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  // linkedom implements the parts of the DOM that Plot uses (its types declare the DOM lib's Document).
  return document;
}

/**
 * A rendered figure as a standalone SVG file (with the SVG namespace), from Plot's `<svg>` element, serialised as
 * well-formed XML: `&`, `<`, `>` (and `"` in attributes) become entities in text and attribute values alike, so data
 * strings (class names in labels and titles) stay text when the file is opened on its own; characters XML 1.0 forbids
 * (NUL and other C0 controls, lone surrogates) become U+FFFD.
 */
export function svgFile(figure: Element): string {
  const svg = figure.tagName.toLowerCase() === 'svg' ? figure : figure.querySelector('svg');
  if (svg === null) throw new Error('svgFile: the figure has no <svg>');
  svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xmlMarkup(svg)}\n`;
}

/** Characters XML 1.0 does not allow in a document, even as references. */
const NOT_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Text content as XML character data. */
function xmlText(text: string): string {
  return text.replace(NOT_XML, '\ufffd').replace(/[&<>\r]/g, (c) => ENTITIES[c] ?? c);
}

/** An attribute value inside double quotes (whitespace kept as references, which attribute normalisation leaves). */
function xmlAttribute(value: string): string {
  return value.replace(NOT_XML, '\ufffd').replace(/[&<>"\t\n\r]/g, (c) => ENTITIES[c] ?? c);
}

/** An element and its subtree as XML (elements and text; comments and other nodes are left out). */
function xmlMarkup(node: Node): string {
  if (node.nodeType === 3 || node.nodeType === 4) return xmlText(node.nodeValue ?? '');
  if (node.nodeType !== 1) return '';
  const element = node as Element;
  const name = element.localName;
  const attributes = Array.from(element.attributes)
    .map((a) => ` ${a.name}="${xmlAttribute(a.value)}"`)
    .join('');
  const children = Array.from(element.childNodes).map(xmlMarkup).join('');
  return children === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${children}</${name}>`;
}
