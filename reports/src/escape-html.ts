/** Text escaped for HTML text and quoted attribute values: `&`, `<`, `>`, `"` and `'` become entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JavaScript source made safe to inline in `<script>`: `</script` and `<!--` cannot occur in it afterwards (a
 * backslash before the `/` or `!` keeps every string and regular expression literal meaning the same).
 */
export function inlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
