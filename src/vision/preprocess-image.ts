import sharp, { type Metadata } from 'sharp';
import { ImageInputError } from './image-input-error.ts';

/** Formats accepted for tagging (sharp decodes more, e.g. TIFF and SVG; they are refused on purpose). */
export const SUPPORTED_IMAGE_FORMATS = ['jpeg', 'png', 'webp', 'gif'] as const;
export type SupportedImageFormat = (typeof SUPPORTED_IMAGE_FORMATS)[number];

/** Default pixel limit (width x height of the first frame) checked on the header before anything is decoded. */
export const DEFAULT_MAX_INPUT_PIXELS = 40_000_000;

/** Options of {@link preprocessImage}. */
export interface PreprocessImageOptions {
  /** Output side in pixels; 32 for CIFAR-10. */
  readonly size?: number;
  /** Refuse images whose header declares more pixels than this, before decoding (decompression bombs). */
  readonly maxInputPixels?: number;
}

/** A decoded, model-ready image plus what the upload was. */
export interface PreprocessedImage {
  /** `size * size * 3` floats, RGB interleaved (HWC), in [0, 1]: one NHWC example. */
  readonly pixels: Float32Array;
  readonly format: SupportedImageFormat;
  /** Dimensions of the (first frame of the) image as displayed, i.e. after EXIF orientation. */
  readonly width: number;
  readonly height: number;
}

/**
 * Recognises the accepted formats by their magic bytes (never by a client-sent content type).
 *
 * ```ts
 * sniffImageFormat(await readFile('a.png')); // 'png'
 * ```
 */
export function sniffImageFormat(bytes: Uint8Array): SupportedImageFormat | undefined {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'png';
  if (b.length >= 6 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38 && (b[4] === 0x37 || b[4] === 0x39) && b[5] === 0x61) return 'gif';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'webp';
  return undefined;
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

/**
 * Turns an uploaded image into one model input, the same way for serving and (if the training data were images)
 * for training. CIFAR-10 itself is already 32x32 RGB, so training reads its records directly; this function's
 * output has the same layout and scale as those records.
 *
 * Steps: sniff the format (PNG, JPEG, WebP, GIF; first frame only) -> read the header and refuse more than
 * `maxInputPixels` before decoding -> decode with sharp, failing on truncated or corrupt data -> apply the EXIF
 * orientation (`rotate()`) -> resize to `size`x`size` with `fit: 'cover'` (scale the short side to `size`, crop the
 * centre; aspect ratio kept), Lanczos-3 kernel -> flatten any alpha onto white -> sRGB, 3 channels -> float32 / 255.
 *
 * Throws {@link ImageInputError}: `empty`, `unsupported-format`, `too-many-pixels` or `corrupt`.
 *
 * ```ts
 * const { pixels, format, width, height } = await preprocessImage(bytes);
 * const x = tf.tensor4d(pixels, [1, 32, 32, 3]);
 * ```
 */
export async function preprocessImage(bytes: Uint8Array, options: PreprocessImageOptions = {}): Promise<PreprocessedImage> {
  const size = options.size ?? 32;
  const maxInputPixels = options.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS;
  if (bytes.length === 0) throw new ImageInputError('empty', 'the image is empty');
  const sniffed = sniffImageFormat(bytes);
  if (!sniffed) throw new ImageInputError('unsupported-format', `not a ${SUPPORTED_IMAGE_FORMATS.join(', ')} image`);

  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false, pages: 1 }).metadata();
  } catch (error) {
    throw new ImageInputError('corrupt', `the ${sniffed} image cannot be read: ${describe(error)}`, { cause: error });
  }
  if (metadata.format !== sniffed) {
    throw new ImageInputError('corrupt', `the data starts like ${sniffed} but reads as ${String(metadata.format)}`);
  }
  const width = metadata.width;
  const frameHeight = metadata.pageHeight ?? metadata.height;
  if (!width || !frameHeight) throw new ImageInputError('corrupt', `the ${sniffed} image has no dimensions`);
  if (width * frameHeight > maxInputPixels) {
    throw new ImageInputError(
      'too-many-pixels',
      `the image is ${width}x${frameHeight} (${width * frameHeight} pixels), over the limit of ${maxInputPixels} pixels`,
    );
  }
  const oriented = metadata.autoOrient ?? { width, height: frameHeight };

  let data: Buffer;
  let channels: number;
  try {
    const result = await sharp(bytes, { limitInputPixels: maxInputPixels, pages: 1, page: 0, failOn: 'warning', sequentialRead: true })
      .rotate()
      .resize(size, size, { fit: 'cover', position: 'centre', kernel: 'lanczos3' })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    data = result.data;
    channels = result.info.channels;
    if (result.info.width !== size || result.info.height !== size) throw new Error(`resized to ${result.info.width}x${result.info.height}`);
  } catch (error) {
    throw new ImageInputError('corrupt', `the ${sniffed} image is truncated or corrupt: ${describe(error)}`, { cause: error });
  }
  const pixels = new Float32Array(size * size * 3);
  const inv = 1 / 255;
  if (channels === 3) {
    for (let i = 0; i < pixels.length; i++) pixels[i] = data[i]! * inv;
  } else {
    // Defensive: any other band count (1 = grey) is spread or cut to RGB.
    for (let p = 0; p < size * size; p++) {
      for (let c = 0; c < 3; c++) pixels[p * 3 + c] = data[p * channels + Math.min(c, channels - 1)]! * inv;
    }
  }
  return { pixels, format: sniffed, width: oriented.width, height: oriented.height };
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? message).trim();
}
