import { crc32 } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';

/** A solid-colour image in one of the formats sharp writes. */
export async function solidImage(format: 'png' | 'jpeg' | 'webp' | 'gif' | 'tiff', width: number, height: number, colour: string | { r: number; g: number; b: number; alpha: number }): Promise<Buffer> {
  const channels = typeof colour === 'string' ? 3 : 4;
  return sharp({ create: { width, height, channels, background: colour } })[format]().toBuffer();
}

/** Left half `left`, right half `right` (raw RGB assembled by hand). */
export async function splitImage(width: number, height: number, left: [number, number, number], right: [number, number, number]): Promise<Sharp> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw.set(x < width / 2 ? left : right, (y * width + x) * 3);
  }
  return sharp(raw, { raw: { width, height, channels: 3 } });
}

/** A two-frame animated GIF: first frame `first`, second `second`. */
export async function animatedGif(first: string, second: string, size = 16): Promise<Buffer> {
  const a = await solidImage('png', size, size, first);
  const b = await solidImage('png', size, size, second);
  return sharp([a, b], { join: { animated: true } }).gif().toBuffer();
}

/**
 * A valid, tiny PNG whose header claims `width` x `height`: what a decompression bomb looks like before decoding
 * (its IHDR is rewritten and its CRC fixed, so only decoding would fail).
 */
export async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await solidImage('png', 1, 1, '#808080'));
  // Signature (8) + IHDR length (4) + "IHDR" (4): width at 16, height at 20, CRC over type+data at 29.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)) >>> 0, 29);
  return png;
}

/** Mean RGB (0..1) of a region of a preprocessed HWC float image of side `size`. */
export function meanRgb(pixels: Float32Array, size: number, x0: number, y0: number, x1: number, y1: number): [number, number, number] {
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      for (let c = 0; c < 3; c++) sum[c]! += pixels[(y * size + x) * 3 + c]!;
      n++;
    }
  }
  return [sum[0]! / n, sum[1]! / n, sum[2]! / n];
}
