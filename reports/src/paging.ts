/** Rows of the error-instance table per page. */
export const TABLE_PAGE_SIZE = 10;

/** Classes per page of the per-class charts (as the reference's widgets). */
export const CLASS_PAGE_SIZE = 5;

/** The number of pages of `total` items, `size` per page: at least 1 (an empty list has one empty page). */
export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}

/** A page index (0-based) clamped into [0, pageCount − 1]. */
export function clampPage(page: number, total: number, size: number): number {
  return Math.min(Math.max(0, Math.floor(page)), pageCount(total, size) - 1);
}

/** The items of page `page` (0-based, clamped). */
export function pageItems<T>(items: readonly T[], page: number, size: number): T[] {
  const start = clampPage(page, items.length, size) * size;
  return items.slice(start, start + size);
}

/** The pager's label, `2 of 7` (1-based). */
export function pageLabel(page: number, total: number, size: number): string {
  return `${clampPage(page, total, size) + 1} of ${pageCount(total, size)}`;
}
