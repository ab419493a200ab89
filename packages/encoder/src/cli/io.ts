/**
 * CLI input and output. Output never clobbers: it goes to a temporary file beside the target and
 * is renamed into place only when the command succeeded, so a failure leaves no half-written or
 * damaged file; an existing target is refused unless --force.
 */
import { createReadStream } from 'node:fs';
import { fileChunks } from '@gotrace/decoder/node';
import { open, rename, unlink, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { GotraceError } from '@gotrace/decoder';

/** A usage problem (exit code 2). */
export class UsageError extends GotraceError {
  override name = 'UsageError';
  constructor(message: string) {
    super('usage', message);
  }
}

/** Chunks of a file, or of standard input for '-'. */
export function inputChunks(path: string): AsyncIterable<Uint8Array> {
  if (path === '-') return process.stdin;
  return createReadStream(path, { highWaterMark: 1 << 20 });
}

/**
 * The input for the ordered reader (validate, dump, stats, stacks): a file is read through two reused
 * buffers (fileChunks), which keeps the peak RSS of a big trace ~20 MB lower than a stream's
 * fresh chunks; the reader copies what it keeps.
 */
export function traceInput(path: string): AsyncIterable<Uint8Array> {
  return path === '-' ? process.stdin : fileChunks(path);
}

/** Fails early (before any work) with a clear message when the input cannot be read. */
export async function checkInput(path: string): Promise<void> {
  if (path === '-') return;
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw new UsageError(`${path}: is a directory`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: cannot read input (${code === 'ENOENT' ? 'no such file' : code ?? String(e)})`);
  }
}

export interface Output {
  write(chunk: Uint8Array | string): Promise<void>;
  /** Makes the output visible (renames the temp file into place). */
  commit(): Promise<void>;
  /** Throws the output away (removes the temp file). Safe to call after commit. */
  abort(): Promise<void>;
}

/**
 * Lets one write to `out` run while the caller prepares the next chunk (the commands would
 * otherwise sit idle during every write): write() waits only for the previous write. Chunks
 * must not be changed after they are handed over. drain() waits for the last one; a failed
 * write's error comes out of the next write() or drain().
 */
export class WriteBehind {
  private last: Promise<void> = Promise.resolve();
  constructor(private readonly out: Output) {}

  async write(chunk: Uint8Array): Promise<void> {
    await this.last;
    this.last = this.out.write(chunk);
    this.last.catch(() => {}); // reported by the next write() or drain(), never as unhandled
  }

  drain(): Promise<void> {
    return this.last;
  }
}

/** The output cannot be written (disk full, file-size limit, …): the environment's fault, not a bug. */
export class OutputError extends Error {
  override name = 'OutputError';
}

/** Opens the output: '-' or undefined = stdout, otherwise a file written atomically. */
export async function openOutput(path: string | undefined, force: boolean): Promise<Output> {
  if (path === undefined || path === '-') return stdoutOutput();
  let exists = false;
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw new UsageError(`${path}: is a directory`);
    exists = true;
  } catch (e) {
    if (e instanceof UsageError) throw e;
  }
  if (exists && !force) throw new UsageError(`${path}: already exists (use --force to overwrite)`);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fh: FileHandle;
  try {
    fh = await open(tmp, 'wx');
  } catch (e) {
    throw new UsageError(`${path}: cannot write output (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let done = false;
  return {
    async write(chunk) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      // A write may take fewer bytes than given (a full disk, a file-size limit): go on with the
      // rest, and fail — rather than leave a silently truncated file — when nothing more fits.
      try {
        for (let off = 0; off < b.length; ) {
          const { bytesWritten } = await fh.write(b, off, b.length - off);
          if (bytesWritten <= 0) throw Object.assign(new Error('no bytes written'), { code: 'ENOSPC' });
          off += bytesWritten;
        }
      } catch (e) {
        const x = e as NodeJS.ErrnoException;
        throw new OutputError(`${path}: cannot write output (${x.code ?? x.message}); nothing was written to it`);
      }
    },
    async commit() {
      await fh.close();
      await rename(tmp, path);
      done = true;
    },
    async abort() {
      if (done) return;
      done = true;
      await fh.close().catch(() => {});
      await unlink(tmp).catch(() => {});
    },
  };
}

function stdoutOutput(): Output {
  const out = process.stdout;
  return {
    write(chunk) {
      return new Promise((resolve, reject) => {
        // A closed pipe (`gotrace decode x | head`) is not an error of ours: stop quietly.
        const fail = (e: NodeJS.ErrnoException): void => reject(new OutputError(`standard output: cannot write output (${e.code ?? e.message})`));
        const onError = (e: NodeJS.ErrnoException): void => (e.code === 'EPIPE' ? resolve() : fail(e));
        out.once('error', onError);
        out.write(chunk, (err) => {
          out.off('error', onError);
          if (err && (err as NodeJS.ErrnoException).code !== 'EPIPE') fail(err as NodeJS.ErrnoException);
          else resolve();
        });
      });
    },
    async commit() {},
    async abort() {},
  };
}
