/**
 * Input sources. Everything becomes an iterator of byte chunks: a whole `Uint8Array` (or any
 * other BufferSource: an ArrayBuffer or ArrayBufferView, read as its bytes, as TextDecoder does),
 * a Node `Readable` (an async iterable of Buffers, which are Uint8Arrays), a web `ReadableStream`,
 * or any (async) iterable of byte chunks.
 *
 * Wrong arguments are a TypeError that names what was given (and, for a bad chunk of a stream,
 * which chunk and how many bytes came before it), never a failure deep inside a parser or a
 * chunk silently read as nothing.
 */
import { describeValue } from '../internal/describe.js';

export { describeValue };

export type ChunkSource = AsyncIterator<Uint8Array> | Iterator<Uint8Array>;

export type TraceSource =
  | Uint8Array
  | ArrayBuffer
  | ArrayBufferView
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>
  | ReadableStream<Uint8Array>;

const EXPECTED_SOURCE = 'expected a Uint8Array (or ArrayBuffer / ArrayBufferView), a ReadableStream, or an (async) iterable of Uint8Array chunks';
const PATH_HINT = ' (a file path? in Node, read it with readFileSync or open it with openTraceFile / fileSource from @gotrace/decoder/node)';

/**
 * A source that yielded something other than bytes: the caller's mistake, found while reading
 * (validateTrace throws it instead of returning it as the trace's error).
 */
export class SourceChunkError extends TypeError {
  override name = 'SourceChunkError';
}

/** A BufferSource's bytes (a view over the same memory, no copy), or undefined if `x` is none. */
function asBytes(x: unknown): Uint8Array | undefined {
  if (x instanceof Uint8Array) return x;
  if (x instanceof ArrayBuffer) return new Uint8Array(x);
  if (ArrayBuffer.isView(x)) return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  if (typeof SharedArrayBuffer !== 'undefined' && x instanceof SharedArrayBuffer) return new Uint8Array(x);
  return undefined;
}

/** A whole in-memory input as bytes; a TypeError naming `what` and the given value otherwise. */
export function toBytes(x: unknown, what = 'trace', expected = 'a Uint8Array (or ArrayBuffer / ArrayBufferView)'): Uint8Array {
  const b = asBytes(x);
  if (b !== undefined) return b;
  throw new TypeError(`${what}: expected ${expected}, got ${describeValue(x)}${typeof x === 'string' && what === 'trace' ? PATH_HINT : ''}`);
}

type SourceKind = 'bytes' | 'web-stream' | 'async' | 'sync';

/** Which kind of source `src` is; a TypeError saying what it is otherwise. */
function sourceKind(src: unknown): SourceKind {
  if (asBytes(src) !== undefined) return 'bytes';
  if (isReadableStream(src)) return 'web-stream';
  if (typeof src === 'object' && src !== null) {
    if (Symbol.asyncIterator in src) return 'async';
    if (Symbol.iterator in src) return 'sync';
  }
  throw new TypeError(`trace source: ${EXPECTED_SOURCE}; got ${describeValue(src)}${typeof src === 'string' ? PATH_HINT : ''}`);
}

/** Throws the TypeError toChunkSource would, without starting to read the source. */
export function checkSource(src: unknown): void {
  sourceKind(src);
}

export function toChunkSource(src: TraceSource): ChunkSource {
  switch (sourceKind(src)) {
    case 'bytes':
      return [asBytes(src)!][Symbol.iterator]();
    case 'web-stream':
      return checkedAsync(readableStreamIterator(src as ReadableStream<Uint8Array>));
    case 'async':
      return checkedAsync((src as AsyncIterable<unknown>)[Symbol.asyncIterator]());
    case 'sync':
      return checkedSync((src as Iterable<unknown>)[Symbol.iterator]());
  }
}

/** Checks each chunk as it arrives: byte chunks pass (other BufferSources as their bytes). */
class ChunkChecker {
  private index = 0;
  private bytes = 0;
  check(r: IteratorResult<unknown>): IteratorResult<Uint8Array> {
    if (r.done) return { done: true, value: undefined };
    const b = asBytes(r.value);
    if (b === undefined) {
      throw new SourceChunkError(`trace source: chunk ${this.index} (after ${this.bytes} bytes) is ${describeValue(r.value)}; expected a Uint8Array`);
    }
    this.index++;
    this.bytes += b.length;
    return { done: false, value: b };
  }
}

function checkedSync(it: Iterator<unknown>): Iterator<Uint8Array> {
  const c = new ChunkChecker();
  return {
    next: () => c.check(it.next()),
    return: () => {
      it.return?.();
      return { done: true, value: undefined };
    },
  };
}

function checkedAsync(it: AsyncIterator<unknown>): AsyncIterator<Uint8Array> {
  const c = new ChunkChecker();
  return {
    next: async () => c.check(await it.next()),
    return: async () => {
      await it.return?.();
      return { done: true, value: undefined };
    },
  };
}

function isReadableStream(x: unknown): x is ReadableStream<Uint8Array> {
  return typeof x === 'object' && x !== null && typeof (x as ReadableStream).getReader === 'function';
}

/** Browsers' ReadableStream is not always async-iterable; use a reader. */
async function* readableStreamIterator(s: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = s.getReader();
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    reader.releaseLock();
  }
}
