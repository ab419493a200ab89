/**
 * Reading a whole trace in the flat view: header, then raw events in file order.
 * Sync over a Uint8Array; async over any chunked source with memory bounded by the largest event.
 */
import { EventType } from '../format/events.js';
import type { TraceVersion } from '../format/versions.js';
import { parseHeader, MAX_HEADER_SCAN, type ParsedHeader } from './header.js';
import { RAW_OPTION_KEYS, RawCursor, Step, type RawLimits } from './raw-cursor.js';
import type { RawEvent, RawTrace } from './raw-event.js';
import { ChunkBuffer } from './chunk-buffer.js';
import { checkOptionKeys } from '../format/limits.js';
import { toBytes, toChunkSource, type TraceSource } from './source.js';

export type RawReadOptions = RawLimits;

/** Copies the cursor's current event into an immutable RawEvent. */
export function materialize(c: RawCursor, copyData: boolean): RawEvent {
  // Every event object gets the same fields in the same order: one hidden class for all.
  const trailer = c.spec.trailer;
  const isBatch = c.type === EventType.EventBatch || c.type === EventType.ExperimentalBatch;
  return {
    type: c.type,
    name: c.spec.name,
    args: c.args.slice(0, c.nargs),
    offset: c.offset,
    frames: trailer === 'frames' ? c.frames.slice(0, c.nframeWords) : undefined,
    data: trailer === 'data' ? (copyData ? c.data().slice() : c.data()) : undefined,
    lengthWidth: isBatch ? c.lengthWidth : undefined,
  };
}

/** Parses the header of an in-memory trace. */
export function readHeader(bytes: Uint8Array): ParsedHeader {
  bytes = toBytes(bytes);
  const h = parseHeader(bytes.subarray(0, Math.min(bytes.length, MAX_HEADER_SCAN)), bytes.length <= MAX_HEADER_SCAN);
  if (h.kind !== 'ok') throw new Error('unreachable: final header parse asked for more input');
  return h.header;
}

/** A cursor positioned after the header, for zero-allocation scanning of an in-memory trace. */
export function rawCursor(bytes: Uint8Array, options: RawReadOptions = {}): RawCursor {
  bytes = toBytes(bytes);
  const h = readHeader(bytes);
  return new RawCursor(h.version, bytes, h.size, bytes.length, 0, options);
}

/** Lazily iterates the raw events of an in-memory trace. Data trailers are views into `bytes`. */
export function* iterateRaw(bytes: Uint8Array, options: RawReadOptions = {}): Generator<RawEvent, void, undefined> {
  const c = rawCursor(bytes, options);
  while (c.step(true) === Step.Event) yield materialize(c, false);
}

/** Decodes an in-memory trace into its version and raw events. */
export function decodeRaw(bytes: Uint8Array, options: RawReadOptions = {}): RawTrace {
  const c = rawCursor(bytes, options);
  const events: RawEvent[] = [];
  while (c.step(true) === Step.Event) events.push(materialize(c, false));
  return { version: c.version, events };
}

/** A trace being read incrementally: its version, then its events. */
export interface RawStream extends AsyncIterable<RawEvent> {
  readonly version: TraceVersion;
  readonly headerSize: number;
  /** The events in arrays (one per input window): far fewer promises than one per event. */
  eventArrays(): AsyncIterable<readonly RawEvent[]>;
  /**
   * The fastest way through: `onEvent` sees the zero-allocation cursor for every event (its
   * fields are valid only during the call); `afterWindow` is awaited after each input window
   * (flush output there, with backpressure).
   */
  scan(onEvent: (c: RawCursor) => void, afterWindow: () => Promise<void>): Promise<void>;
}

/**
 * Opens a chunked source for flat reading. The header is read before this resolves, so the
 * version is known up front; events are pulled as the caller iterates.
 */
export async function openRaw(source: TraceSource, options: RawReadOptions = {}): Promise<RawStream> {
  checkOptionKeys('raw reader options', options, RAW_OPTION_KEYS); // before reading (cursors check again)
  const cb = new ChunkBuffer(toChunkSource(source));
  const header = await readStreamHeader(cb);
  cb.pos = header.size;
  const arrays = (): AsyncGenerator<readonly RawEvent[]> => streamEventArrays(cb, header.version, options);
  return {
    version: header.version,
    headerSize: header.size,
    eventArrays: arrays,
    scan: (onEvent, afterWindow) => scanWindows(cb, header.version, options, onEvent, afterWindow),
    [Symbol.asyncIterator]: async function* () {
      for await (const a of arrays()) yield* a;
    },
  };
}

/** Reads just enough of a chunked source to parse the header. */
export async function readStreamHeader(cb: ChunkBuffer): Promise<ParsedHeader> {
  for (;;) {
    const window = cb.buf.subarray(cb.pos, Math.min(cb.end, cb.pos + MAX_HEADER_SCAN));
    const h = parseHeader(window, cb.done || cb.available >= MAX_HEADER_SCAN);
    if (h.kind === 'ok') return h.header;
    await cb.fill(); // at end of input `done` is set, so the next parse is final
  }
}

async function* streamEventArrays(cb: ChunkBuffer, version: TraceVersion, options: RawReadOptions): AsyncGenerator<readonly RawEvent[]> {
  const c = new RawCursor(version, cb.buf, cb.pos, cb.end, cb.base, options);
  for (;;) {
    c.r.reset(cb.buf, cb.pos, cb.end);
    c.base = cb.base;
    const out: RawEvent[] = [];
    let s: Step;
    // Copy data: the window may be recycled on the next refill.
    while ((s = c.step(cb.done)) === Step.Event) out.push(materialize(c, true));
    cb.pos = c.r.pos;
    if (out.length > 0) yield out;
    if (s === Step.End) return;
    await cb.fill(); // NeedMore
  }
}

async function scanWindows(
  cb: ChunkBuffer, version: TraceVersion, options: RawReadOptions,
  onEvent: (c: RawCursor) => void, afterWindow: () => Promise<void>,
): Promise<void> {
  const c = new RawCursor(version, cb.buf, cb.pos, cb.end, cb.base, options);
  for (;;) {
    c.r.reset(cb.buf, cb.pos, cb.end);
    c.base = cb.base;
    let s: Step;
    while ((s = c.step(cb.done)) === Step.Event) onEvent(c);
    cb.pos = c.r.pos;
    await afterWindow();
    if (s === Step.End) return;
    await cb.fill(); // NeedMore
  }
}
