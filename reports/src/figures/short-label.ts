/** A label cut to `max` characters with an ellipsis, for axis ticks (the full name is in the tooltips). */
export function shortLabel(label: string, max = 14): string {
  const chars = Array.from(label);
  return chars.length <= max ? label : `${chars.slice(0, max - 1).join('')}…`;
}
