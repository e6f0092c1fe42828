import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageInputError } from '../../../src/vision/image-input-error.ts';
import { preprocessImage, sniffImageFormat } from '../../../src/vision/preprocess-image.ts';
import { animatedGif, meanRgb, pngClaiming, solidImage, splitImage } from './images.ts';

async function problemOf(bytes: Uint8Array, options = {}): Promise<string> {
  const error = await preprocessImage(bytes, options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImageInputError);
  return (error as ImageInputError).problem;
}

describe('sniffImageFormat', () => {
  it('knows the four formats by their magic bytes only', async () => {
    for (const format of ['png', 'jpeg', 'webp', 'gif'] as const) expect(sniffImageFormat(await solidImage(format, 4, 4, '#123456'))).toBe(format);
    expect(sniffImageFormat(await solidImage('tiff', 4, 4, '#123456'))).toBeUndefined();
    expect(sniffImageFormat(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(sniffImageFormat(Buffer.from('BM6\u0000'))).toBeUndefined();
    expect(sniffImageFormat(new Uint8Array(0))).toBeUndefined();
  });
});

describe('preprocessImage', () => {
  it('gives 32x32x3 floats in [0, 1] with the colour of a solid image, for each format', async () => {
    for (const format of ['png', 'jpeg', 'webp', 'gif'] as const) {
      const image = await preprocessImage(await solidImage(format, 64, 48, '#ff8000'));
      expect(image.format).toBe(format);
      expect([image.width, image.height]).toEqual([64, 48]);
      expect(image.pixels.length).toBe(32 * 32 * 3);
      const [r, g, b] = meanRgb(image.pixels, 32, 0, 0, 32, 32);
      expect(r).toBeCloseTo(1, 1);
      expect(g).toBeCloseTo(0.5, 1);
      expect(b).toBeCloseTo(0, 1);
    }
  });

  it('leaves a 32x32 RGB image exactly as training reads CIFAR records (bytes / 255)', async () => {
    const raw = Buffer.alloc(32 * 32 * 3);
    for (let i = 0; i < raw.length; i++) raw[i] = (i * 37 + (i >> 7)) & 255;
    const png = await sharp(raw, { raw: { width: 32, height: 32, channels: 3 } }).png().toBuffer();
    const { pixels } = await preprocessImage(png);
    for (let i = 0; i < raw.length; i++) expect(pixels[i]).toBe(Math.fround(raw[i]! * (1 / 255))); // what fillBatch feeds in training
  });

  it('keeps the aspect ratio: fit cover crops the centre of a wide image', async () => {
    // 96x32: red | green | blue thirds. Cover keeps the middle 32x32: all green.
    const raw = Buffer.alloc(96 * 32 * 3);
    for (let y = 0; y < 32; y++) for (let x = 0; x < 96; x++) raw.set(x < 32 ? [255, 0, 0] : x < 64 ? [0, 255, 0] : [0, 0, 255], (y * 96 + x) * 3);
    const png = await sharp(raw, { raw: { width: 96, height: 32, channels: 3 } }).png().toBuffer();
    const { pixels } = await preprocessImage(png);
    const [r, g, b] = meanRgb(pixels, 32, 2, 0, 30, 32);
    expect(g).toBeGreaterThan(0.95);
    expect(r + b).toBeLessThan(0.05);
  });

  it('flattens transparency onto white', async () => {
    const clear = await solidImage('png', 10, 10, { r: 0, g: 0, b: 0, alpha: 0 });
    const [r, g, b] = meanRgb((await preprocessImage(clear)).pixels, 32, 0, 0, 32, 32);
    expect([r, g, b]).toEqual([1, 1, 1]);
    const halfRed = await solidImage('webp', 10, 10, { r: 255, g: 0, b: 0, alpha: 0.5 });
    const [hr, hg] = meanRgb((await preprocessImage(halfRed)).pixels, 32, 0, 0, 32, 32);
    expect(hr).toBeGreaterThan(0.95);
    expect(hg).toBeGreaterThan(0.4);
    expect(hg).toBeLessThan(0.6);
  });

  it('spreads a grey image over three equal channels', async () => {
    const grey = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#404040' } }).toColourspace('b-w').png().toBuffer();
    const [r, g, b] = meanRgb((await preprocessImage(grey)).pixels, 32, 0, 0, 32, 32);
    expect(r).toBeCloseTo(0x40 / 255, 2);
    expect(g).toBeCloseTo(r, 5);
    expect(b).toBeCloseTo(r, 5);
  });

  it('applies the EXIF orientation before resizing', async () => {
    // Stored 64x32 landscape, red left / blue right; orientation 6 means "rotate 90° clockwise to display":
    // displayed 32x64 portrait with red on top and blue at the bottom.
    const jpeg = await (await splitImage(64, 32, [255, 0, 0], [0, 0, 255])).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    const image = await preprocessImage(jpeg);
    expect([image.width, image.height]).toEqual([32, 64]);
    const top = meanRgb(image.pixels, 32, 0, 0, 32, 12);
    const bottom = meanRgb(image.pixels, 32, 0, 20, 32, 32);
    expect(top[0]).toBeGreaterThan(0.8);
    expect(top[2]).toBeLessThan(0.2);
    expect(bottom[2]).toBeGreaterThan(0.8);
    expect(bottom[0]).toBeLessThan(0.2);
  });

  it('uses the first frame of an animated GIF', async () => {
    const gif = await animatedGif('#ff0000', '#0000ff');
    const image = await preprocessImage(gif);
    expect([image.width, image.height]).toEqual([16, 16]);
    const [r, , b] = meanRgb(image.pixels, 32, 0, 0, 32, 32);
    expect(r).toBeGreaterThan(0.9);
    expect(b).toBeLessThan(0.1);
  });

  it('refuses empty input, other formats and non-images', async () => {
    expect(await problemOf(new Uint8Array(0))).toBe('empty');
    expect(await problemOf(await solidImage('tiff', 8, 8, '#000000'))).toBe('unsupported-format');
    expect(await problemOf(Buffer.from('hello, this is text'))).toBe('unsupported-format');
    expect(await problemOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'))).toBe('unsupported-format');
  });

  it('refuses truncated and corrupt images as corrupt', async () => {
    for (const format of ['png', 'jpeg', 'webp', 'gif'] as const) {
      const bytes = await solidImage(format, 200, 200, '#3366cc');
      expect(await problemOf(bytes.subarray(0, Math.floor(bytes.length / 2))), format).toBe('corrupt');
    }
    const png = await solidImage('png', 8, 8, '#3366cc');
    const garbage = Buffer.concat([png.subarray(0, 8), Buffer.alloc(64, 7)]);
    expect(await problemOf(garbage)).toBe('corrupt');
  });

  it('refuses a decompression bomb from its header, before decoding', async () => {
    const bomb = await pngClaiming(100_000, 100_000);
    expect(bomb.length).toBeLessThan(100);
    const error = (await preprocessImage(bomb).catch((e: unknown) => e)) as ImageInputError;
    expect(error.problem).toBe('too-many-pixels');
    expect(error.message).toMatch(/100000x100000/);
    const large = await solidImage('png', 2000, 1000, '#000000');
    expect(await problemOf(large, { maxInputPixels: 1_000_000 })).toBe('too-many-pixels');
    await expect(preprocessImage(large, { maxInputPixels: 2_000_000 })).resolves.toMatchObject({ width: 2000 });
  });
});
