/// <reference lib="dom" />
import { h } from './dom.js';

/** A floating text tooltip for hover and keyboard focus (`#bcml-tooltip`, `role="tooltip"`). */
export class Tooltip {
  private readonly element: HTMLDivElement;

  constructor() {
    this.element = h('div', { id: 'bcml-tooltip', class: 'tooltip', attrs: { role: 'tooltip', hidden: '' } });
    document.body.appendChild(this.element);
  }

  /** Shows `text` next to `target` (text only). */
  show(text: string, target: Element): void {
    this.element.textContent = text;
    this.element.hidden = false;
    const box = target.getBoundingClientRect();
    this.element.style.left = `${Math.round(box.right + window.scrollX + 8)}px`;
    this.element.style.top = `${Math.round(box.top + window.scrollY - 4)}px`;
  }

  /** Hides the tooltip. */
  hide(): void {
    this.element.hidden = true;
  }
}
