/**
 * Raised when a data set cannot be downloaded, verified or unpacked; nothing is left at the destination.
 *
 * ```ts
 * throw new DownloadError('GET https://example.org/ml-100k.zip: HTTP 404 Not Found');
 * ```
 */
export class DownloadError extends Error {
  override readonly name = 'DownloadError';
}
