/**
 * Node-only conveniences: reading a trace from a file path. Kept out of the core (index.ts) so the
 * core stays browser-safe; import it as `@gotrace/decoder/node` (or from `dist/node.js`).
 */
import { close, createReadStream, open, read } from 'node:fs';
import { promisify } from 'node:util';
import type { Readable } from 'node:stream';
import { TraceReader, validateTrace, type ReadOptions, type ValidationResult } from './reader.js';
import { describeValue, type TraceSource } from './wire/source.js';
import type { TraceEvent } from './event.js';

/** Streams a file as Uint8Array chunks (1 MiB reads: fewer event-loop round trips; memory stays bounded by one generation plus a chunk). */
export function fileSource(path: string | URL, highWaterMark = 1 << 20): Readable {
  checkPath(path);
  return createReadStream(path, { highWaterMark });
}

/**
 * Reads a file in chunks of `chunkSize` bytes through two buffers used in turn, so reading a big
 * file allocates nothing per chunk (a stream's fresh 1 MiB chunks pile up as garbage until a
 * collection: ~25 MB of peak RSS when reading a big trace). A chunk stays valid until the one
 * after next is asked for: for consumers that copy what they keep past that, as this package's
 * readers do (TraceReader, openRaw, openBatches, openText). The file is closed at the end, on an
 * error, or when the consumer stops early (return()).
 */
export function fileChunks(path: string | URL, chunkSize = 1 << 20): AsyncGenerator<Uint8Array, void, undefined> {
  // Checked now, not at the first read: a wrong argument is the caller's error, not the input's.
  checkPath(path);
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunkSize: expected a whole number of bytes ≥ 1, got ${describeValue(chunkSize)}`);
  return readChunks(path, chunkSize);
}

async function* readChunks(path: string | URL, chunkSize: number): AsyncGenerator<Uint8Array, void, undefined> {
  const fd = await openFile(path, 'r');
  try {
    const bufs = [new Uint8Array(chunkSize), new Uint8Array(chunkSize)];
    for (let k = 0; ; k++) {
      const b = bufs[k & 1]!;
      const { bytesRead } = await readFile(fd, b, 0, b.length, null);
      if (bytesRead === 0) return;
      yield b.subarray(0, bytesRead);
    }
  } finally {
    await closeFile(fd);
  }
}

function checkPath(path: unknown): void {
  if (typeof path !== 'string' && !(path instanceof URL)) throw new TypeError(`file path: expected a string or file: URL, got ${describeValue(path)}`);
}

const openFile = promisify(open);
const readFile = promisify(read);
const closeFile = promisify(close);

/** Opens a trace file for ordered async reading. The header is checked before this resolves. */
export async function openTraceFile(path: string | URL, options: ReadOptions = {}): Promise<TraceReader> {
  const r = new TraceReader(fileChunks(path), options);
  await r.ready();
  return r;
}

/** `openTrace` that also takes a file path (a string). */
export async function openTrace(source: string | TraceSource, options: ReadOptions = {}): Promise<TraceReader> {
  const r = new TraceReader(typeof source === 'string' ? fileChunks(source) : source, options);
  await r.ready();
  return r;
}

/** Reads a whole trace file, counting events; the trace's error is returned, not thrown. */
export async function validateTraceFile(path: string | URL, onEvent?: (ev: TraceEvent) => void): Promise<ValidationResult> {
  return validateTrace(fileChunks(path), onEvent);
}
