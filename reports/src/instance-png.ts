import { InvalidInputError } from '@bcml/core';
import { encode } from 'fast-png';

/** An instance image: `width × height` pixels of `channels` uint8 values each, row-major. */
export interface InstanceImage {
  readonly width: number;
  readonly height: number;
  /** 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA. */
  readonly channels: 1 | 2 | 3 | 4;
  readonly pixels: Uint8Array;
}

/** Encodes an instance image as a PNG file (8 bits per channel; fast-png). Checks the pixel count first. */
export function instancePng({ width, height, channels, pixels }: InstanceImage): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new InvalidInputError('image size', 'positive integer width and height', `${width}×${height}`);
  }
  if (pixels.length !== width * height * channels) {
    throw new InvalidInputError(
      'image pixels',
      `${width * height * channels} values (${width}×${height}×${channels})`,
      pixels.length,
    );
  }
  return encode({ width, height, data: pixels, channels, depth: 8 });
}
