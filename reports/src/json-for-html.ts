/**
 * JSON text that is safe inside an HTML `<script>` element (and as a JavaScript expression): `<`, `>` and `&`
 * become `\u003c`, `\u003e`, `\u0026`, so no data string can close the element or open a comment, and U+2028 /
 * U+2029 become escapes. `JSON.parse` of the result gives back the same value.
 */
export function jsonForHtml(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('jsonForHtml: the value has no JSON form');
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
