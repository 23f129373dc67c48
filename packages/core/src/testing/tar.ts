import { Readable } from 'node:stream';
import { tarArchive } from '../tar.js';

/** A build context of small text files, as the stream `buildImage` takes. */
export function tarOf(files: Record<string, string>): Readable {
  return Readable.from([tarArchive(files)]);
}
