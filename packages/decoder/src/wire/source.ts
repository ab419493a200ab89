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
export type ChunkSource = AsyncIterator<Uint8Array> | Iterator<Uint8Array>;

export type TraceSource =
  | Uint8Array
  | ArrayBuffer
  | ArrayBufferView
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>
  | ReadableStream<Uint8Array>;

const EXPECTED_SOURCE = 'expected a Uint8Array (or ArrayBuffer / ArrayBufferView), a ReadableStream, or an (async) iterable of Uint8Array chunks';

/** What `x` is, for error messages: `null`, `a number (42)`, `a string ("a.trace")`, `an array`, `a Map`... */
export function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (typeof x === 'string') return `a string (${JSON.stringify(x.length > 60 ? x.slice(0, 60) + '…' : x)})`;
  if (typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean') return `a ${typeof x} (${String(x)})`;
  if (typeof x === 'symbol') return 'a symbol';
  if (typeof x === 'function') return 'a function';
  if (Array.isArray(x)) return 'an array';
  const name = (x as object).constructor?.name;
  if (!name) return 'an object without a prototype';
  if (name === 'Object') return 'a plain object';
  return `${/^[AEIO]/.test(name) ? 'an' : 'a'} ${name}`;
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
export function toBytes(x: unknown, what = 'trace'): Uint8Array {
  const b = asBytes(x);
  if (b !== undefined) return b;
  let hint = '';
  if (typeof x === 'string') hint = what === 'trace' ? ' (to read a file by path use openTrace/openTraceFile from @gotrace/decoder/node)' : '';
  throw new TypeError(`${what}: expected a Uint8Array (or ArrayBuffer / ArrayBufferView), got ${describeValue(x)}${hint}`);
}

/** Throws the TypeError toChunkSource would, without starting to read the source. */
export function checkSource(src: unknown): void {
  if (asBytes(src) !== undefined || isReadableStream(src)) return;
  if (typeof src === 'object' && src !== null && (Symbol.asyncIterator in src || Symbol.iterator in src)) return;
  const hint = typeof src === 'string' ? ' (file paths are read by openTrace/openTraceFile from @gotrace/decoder/node)' : '';
  throw new TypeError(`trace source: ${EXPECTED_SOURCE}; got ${describeValue(src)}${hint}`);
}

export function toChunkSource(src: TraceSource): ChunkSource {
  checkSource(src);
  const b = asBytes(src);
  if (b !== undefined) return [b][Symbol.iterator]();
  if (isReadableStream(src)) return checkedAsync(readableStreamIterator(src));
  if (Symbol.asyncIterator in (src as object)) return checkedAsync((src as AsyncIterable<unknown>)[Symbol.asyncIterator]());
  return checkedSync((src as Iterable<unknown>)[Symbol.iterator]());
}

/** Checks each chunk as it arrives: byte chunks pass (other BufferSources as their bytes). */
class ChunkChecker {
  private index = 0;
  private bytes = 0;
  check(r: IteratorResult<unknown>): IteratorResult<Uint8Array> {
    if (r.done) return { done: true, value: undefined };
    const b = asBytes(r.value);
    if (b === undefined) {
      throw new TypeError(`trace source: chunk ${this.index} (after ${this.bytes} bytes) is ${describeValue(r.value)}; expected a Uint8Array`);
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
