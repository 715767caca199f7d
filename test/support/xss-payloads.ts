// A corpus of XSS payloads for the report security suite: each one, if it ever ran, would call the page's recorder
// `__xss(<marker>)` (or assign `window.__xss`), so a test can tell which payload in which placement executed.

/** The name of the recorder every payload calls: `window.__xss(<marker>)`. */
export const XSS_RECORDER = '__xss';

/** One payload: a short name for messages and its text for a marker (a number naming the payload and placement). */
export interface XssPayload {
  readonly name: string;
  readonly text: (marker: number) => string;
}

const call = (n: number): string => `${XSS_RECORDER}(${n})`;

/**
 * The corpus (38 payloads): tags and event handlers, attribute and `</script>` breakouts, `javascript:` and `data:`
 * URLs, template injections, encoded variants, U+2028/2029, comments and CDATA, `<base>` and `<meta refresh>`, SVG
 * links, CSS, mutation-XSS shapes, a very long payload, a null byte and an RTL override.
 */
export const XSS_PAYLOADS: readonly XssPayload[] = [
  { name: 'script tag', text: (n) => `<script>${call(n)}</script>` },
  { name: 'img onerror', text: (n) => `<img src=x onerror=${call(n)}>` },
  { name: 'svg onload', text: (n) => `<svg onload=${call(n)}>` },
  { name: 'double-quote attribute breakout', text: (n) => `" onmouseover="${call(n)}" x="` },
  { name: 'single-quote attribute breakout', text: (n) => `' onmouseover='${call(n)}' x='` },
  { name: 'script end in inline JSON', text: (n) => `</script><script>${call(n)}</script>` },
  { name: 'JSON string breakout', text: (n) => `"}];${call(n)};//` },
  { name: 'javascript: URL', text: (n) => `javascript:${call(n)}` },
  { name: 'iframe srcdoc', text: (n) => `<iframe srcdoc="<script>parent.${call(n)}</script>"></iframe>` },
  { name: 'template literal', text: (n) => `\${${call(n)}}` },
  { name: 'mustache template', text: (n) => `{{constructor.constructor('${call(n)}')()}}` },
  { name: 'entity-encoded tag', text: (n) => `&lt;img src=x onerror=${call(n)}&gt;` },
  { name: 'numeric entities', text: (n) => `&#60;script&#62;${call(n)}&#60;/script&#62;` },
  { name: 'U+2028/2029 in JSON', text: (n) => `\u2028\u2029</script><script>${call(n)}</script>\u2028` },
  { name: 'style end', text: (n) => `</style><img src=x onerror=${call(n)}>` },
  { name: 'HTML comment', text: (n) => `<!--<img src=x onerror=${call(n)}>-->` },
  { name: 'comment open in script', text: (n) => `<!--<script>${call(n)}</script>` },
  { name: 'CDATA', text: (n) => `<![CDATA[<img src=x onerror=${call(n)}>]]>` },
  { name: 'base href', text: (n) => `<base href="javascript:${call(n)}//">` },
  { name: 'meta refresh', text: (n) => `<meta http-equiv="refresh" content="0;url=javascript:${call(n)}">` },
  { name: 'SVG xlink:href', text: (n) => `<svg><a xlink:href="javascript:${call(n)}"><text y="9">x</text></a></svg>` },
  { name: 'data: URL', text: (n) => `<a href="data:text/html,<script>${call(n)}</script>">d</a>` },
  { name: 'CSS expression', text: (n) => `<div style="width:expression(${call(n)})">` },
  { name: 'very long', text: (n) => `${'A'.repeat(5000)}<img src=x onerror=${call(n)}>` },
  { name: 'null byte', text: (n) => `\u0000<img src=x onerror=${call(n)}>` },
  { name: 'RTL override', text: (n) => `\u202e<img src=x onerror=${call(n)}>\u202c` },
  { name: 'details ontoggle', text: (n) => `<details open ontoggle=${call(n)}>` },
  { name: 'input autofocus', text: (n) => `<input autofocus onfocus=${call(n)}>` },
  { name: 'mutation XSS', text: (n) => `<math><mtext><table><mglyph><style><img src=x onerror=${call(n)}>` },
  { name: 'object data', text: (n) => `<object data="javascript:${call(n)}">` },
  { name: 'tab in scheme', text: (n) => `<a href="jav&#x09;ascript:${call(n)}">t</a>` },
  { name: 'nested script', text: (n) => `<scr<script>ipt>${call(n)}</scr</script>ipt>` },
  { name: 'svg script', text: (n) => `<svg><script>${call(n)}</script></svg>` },
  { name: 'noscript breakout', text: (n) => `<noscript><p title="</noscript><img src=x onerror=${call(n)}>">` },
  { name: 'percent-encoded', text: (n) => `%3Cscript%3E${call(n)}%3C/script%3E` },
  { name: 'assignment', text: (n) => `';window.${XSS_RECORDER}=${n};'` },
  { name: 'body onload', text: (n) => `<body onload=${call(n)}>` },
  { name: 'css import', text: (n) => `<style>@import 'javascript:${call(n)}';</style>` },
];

/** The payloads' texts for markers `base`, `base + 1`, …, in corpus order. */
export function payloadTexts(base: number): string[] {
  return XSS_PAYLOADS.map((payload, k) => payload.text(base + k));
}
