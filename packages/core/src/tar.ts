const BLOCK = 512;

/** One regular file of a {@link tarArchive}: its content and, optionally, its mode (default 0644). */
export interface TarFile {
  content: string | Uint8Array;
  mode?: number;
}

function octal(value: number, width: number): string {
  // width - 1 digits and a NUL, as ustar wants.
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, mode: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  block.write(octal(mode, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(size, 12), 124, 'ascii');
  block.write(octal(0, 12), 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write('0', 156, 'ascii');
  block.write('ustar\0', 257, 'ascii');
  block.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return block;
}

/**
 * A ustar archive of a few small regular files, in memory: a Dockerfile-only build context, an
 * image to import. Names are at most 100 bytes; for real build contexts (directories, symlinks,
 * .dockerignore) use `@mikrocloud/buildpacks`.
 *
 * @example
 * await manager.buildImage({ context: Readable.from([tarArchive({ Dockerfile: 'FROM busybox:latest\n' })]), tags: ['x:1'] });
 */
export function tarArchive(files: Record<string, string | TarFile>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, file] of Object.entries(files)) {
    if (Buffer.byteLength(name) > 100) throw new RangeError(`tar entry name longer than 100 bytes: ${name}`);
    const { content, mode = 0o644 } = typeof file === 'string' ? { content: file } : file;
    const body = Buffer.from(content);
    parts.push(header(name, body.length, mode), body, Buffer.alloc((BLOCK - (body.length % BLOCK)) % BLOCK));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}
