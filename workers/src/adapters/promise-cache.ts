/**
 * A per-process cache of promises by key: `get(key, load)` returns the pending or settled promise of an earlier call
 * with that key, else starts `load()`. A rejected load is forgotten, so the next call tries again.
 */
export function promiseCache<T>(): (key: string, load: () => Promise<T>) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key, load) => {
    let found = cache.get(key);
    if (found === undefined) {
      found = load();
      found.catch(() => cache.delete(key));
      cache.set(key, found);
    }
    return found;
  };
}
