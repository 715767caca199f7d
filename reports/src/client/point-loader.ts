/// <reference lib="dom" />
import { isDotKey } from '../dot-key.js';
import { POINT_CALLBACK } from '../page-ids.js';
import type { PointData } from '../point-data.js';

type PointCallback = (key: string, data: PointData) => void;

interface Pending {
  readonly resolve: (data: PointData) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Loads per-point data on demand with a `<script src="data/<key>.js">` that calls a global callback (JSONP):
 * classic scripts load from `file://`, where `fetch` is blocked, and from any server of the folder. Data embedded
 * in the page is served from the cache without a request.
 */
export class PointLoader {
  private readonly cache = new Map<string, PointData>();
  private readonly pending = new Map<string, Pending>();
  private readonly inflight = new Map<string, Promise<PointData>>();

  constructor(embedded: readonly PointData[]) {
    for (const data of embedded) this.cache.set(data.key, data);
    const callback: PointCallback = (key, data) => {
      this.cache.set(key, data);
      this.pending.get(key)?.resolve(data);
      this.pending.delete(key);
    };
    (window as unknown as Record<string, PointCallback>)[POINT_CALLBACK] = callback;
  }

  /** The data of a dot, if already loaded or embedded. */
  cached(key: string): PointData | null {
    return this.cache.get(key) ?? null;
  }

  /** Loads the data of a dot (once; concurrent calls share the request). */
  load(key: string): Promise<PointData> {
    const hit = this.cache.get(key);
    if (hit !== undefined) return Promise.resolve(hit);
    const running = this.inflight.get(key);
    if (running !== undefined) return running;
    if (!isDotKey(key)) return Promise.reject(new Error(`invalid point key ${JSON.stringify(key)}`));
    const promise = new Promise<PointData>((resolve, reject) => {
      this.pending.set(key, { resolve, reject });
      const script = document.createElement('script');
      script.src = `data/${key}.js`;
      script.async = true;
      script.addEventListener('error', () => {
        this.pending.delete(key);
        reject(
          new Error(
            `Could not load data/${key}.js. This view needs the report folder's files: open index.html from the ` +
              'downloaded folder, or from a server that serves the whole folder.',
          ),
        );
      });
      script.addEventListener('load', () => script.remove());
      document.head.appendChild(script);
    }).finally(() => this.inflight.delete(key));
    this.inflight.set(key, promise);
    return promise;
  }
}
