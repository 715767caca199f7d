/** The key of the dot of point `point` on split `split`: `p<point>-s<split>` (also its data file's name). */
export function dotKey(point: number, split: number): string {
  return `p${point}-s${split}`;
}

/** Whether a string is a dot key, and so a safe file name (data strings never become file names). */
export function isDotKey(key: string): boolean {
  return /^p\d{1,6}-s\d{1,3}$/.test(key);
}
