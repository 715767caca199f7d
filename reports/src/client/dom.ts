/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Element construction for the page: every string becomes a text node (textContent), never parsed as HTML.

/** A child of `h`: a node, a string (added as text), or nothing. */
export type Child = Node | string | null | undefined | false;

/** Properties of `h`: id, class, attributes, data attributes and event listeners. */
export interface ElementProps {
  readonly id?: string;
  readonly class?: string;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly data?: Readonly<Record<string, string>>;
  readonly on?: Readonly<Record<string, (event: Event) => void>>;
}

/** Creates an HTML element with properties and children; strings are appended as text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.id !== undefined) element.id = props.id;
  if (props.class !== undefined) element.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  for (const [name, value] of Object.entries(props.data ?? {})) element.dataset[name] = value;
  for (const [type, listener] of Object.entries(props.on ?? {})) element.addEventListener(type, listener);
  append(element, ...children);
  return element;
}

/** Appends children to a parent; strings as text nodes. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/**
 * Replaces a container's content, keeping keyboard focus on the element with the same `data-focus-key`, link
 * target or id when it is re-created (re-rendering a chart must not throw the focus away).
 */
export function replaceContent(container: Element, ...children: Child[]): void {
  const active = document.activeElement;
  const key = active !== null && container.contains(active) ? focusKey(active) : null;
  container.replaceChildren();
  append(container, ...children);
  if (key === null) return;
  for (const candidate of container.querySelectorAll('a, button, input, select, [tabindex]')) {
    if (focusKey(candidate) === key && candidate instanceof HTMLElement) return candidate.focus();
    if (focusKey(candidate) === key && candidate instanceof SVGElement) return candidate.focus();
  }
}

const XLINK = 'http://www.w3.org/1999/xlink';

/** The link target of an HTML or SVG `<a>` (`href` or `xlink:href`). */
export function linkTarget(element: Element): string | null {
  return element.getAttribute('href') ?? element.getAttributeNS(XLINK, 'href');
}

function focusKey(element: Element): string | null {
  const data = element.getAttribute('data-focus-key');
  if (data !== null) return `data:${data}`;
  const href = element.tagName.toLowerCase() === 'a' ? linkTarget(element) : null;
  if (href !== null) return `href:${href}`;
  return element.id === '' ? null : `id:${element.id}`;
}
