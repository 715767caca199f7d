// Types for lz4js@0.2.0 (it ships none): the LZ4 frame functions apache-arrow's codec registry needs.
declare module 'lz4js' {
  /** Decompresses one LZ4 frame; the output is sized from the frame's content size or block sizes. */
  export function decompress(src: Uint8Array, maxSize?: number): Uint8Array;
}
