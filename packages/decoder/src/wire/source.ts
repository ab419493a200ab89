/**
 * Input sources. Everything becomes an iterator of byte chunks: a whole `Uint8Array`, a Node
 * `Readable` (an async iterable of Buffers, which are Uint8Arrays), a web `ReadableStream`, or any
 * (async) iterable of `Uint8Array`.
 */
export type ChunkSource = AsyncIterator<Uint8Array> | Iterator<Uint8Array>;

export type TraceSource =
  | Uint8Array
  | ArrayBuffer
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>
  | ReadableStream<Uint8Array>;

export function toChunkSource(src: TraceSource): ChunkSource {
  if (src instanceof Uint8Array) return [src][Symbol.iterator]();
  if (src instanceof ArrayBuffer) return [new Uint8Array(src)][Symbol.iterator]();
  if (isReadableStream(src)) return readableStreamIterator(src);
  if (Symbol.asyncIterator in (src as object)) return (src as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  if (Symbol.iterator in (src as object)) return (src as Iterable<Uint8Array>)[Symbol.iterator]();
  throw new TypeError('unsupported trace source: expected Uint8Array, ArrayBuffer, ReadableStream or (async) iterable of Uint8Array');
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
