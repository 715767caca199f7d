// Internal: a dataset's row by instance id, for the few instances a report shows.
import { type Dataset } from './dataset.js';

/**
 * The row of instance `id` in `dataset`, or undefined for an id it does not have: the id itself for row-position ids,
 * else through a map built on first use (most datasets look up only their error instances, if any).
 */
export function rowLookup(dataset: Dataset): (id: number) => number | undefined {
  const { ids, info } = dataset;
  if (info.idSource === 'row-position') {
    return (id) => (Number.isInteger(id) && id >= 0 && id < ids.length ? id : undefined);
  }
  let rowOf: Map<number, number> | undefined;
  return (id) => {
    rowOf ??= new Map(Array.from(ids, (value, row) => [value, row]));
    return rowOf.get(id);
  };
}
