import { isAbsolute, join, resolve, sep } from 'node:path';
import { DownloadError } from './download-error.ts';

/**
 * Where an archive entry named `name` goes under `root`; throws for names that would escape it (absolute paths,
 * `..` segments). Returns undefined for entries to skip (macOS resource forks).
 *
 * ```ts
 * archiveEntryPath('/tmp/x', 'ml-100k/u.data'); // '/tmp/x/ml-100k/u.data'
 * archiveEntryPath('/tmp/x', '../etc/passwd'); // throws DownloadError
 * ```
 */
export function archiveEntryPath(root: string, name: string): string | undefined {
  const normalised = name.replace(/\\/g, '/');
  const segments = normalised.split('/').filter((segment) => segment.length > 0 && segment !== '.');
  if (segments[0] === '__MACOSX' || segments.at(-1) === '.DS_Store') return undefined;
  if (isAbsolute(normalised) || /^[a-zA-Z]:/.test(normalised) || segments.includes('..')) {
    throw new DownloadError(`archive entry ${JSON.stringify(name)} points outside the destination`);
  }
  if (segments.length === 0) return undefined;
  const target = join(root, ...segments);
  if (!resolve(target).startsWith(resolve(root) + sep)) throw new DownloadError(`archive entry ${JSON.stringify(name)} points outside the destination`);
  return target;
}
