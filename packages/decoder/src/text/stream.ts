/**
 * Streaming text input: chunks of bytes → lines → raw events, so that a text trace of any size is
 * converted without holding it in memory.
 */
import type { TraceVersion } from '../format/versions.js';
import { checkOptionKeys, limitOption } from '../format/limits.js';
import type { RawEvent } from '../wire/raw-event.js';
import { describeValue, toChunkSource, type TraceSource } from '../wire/source.js';
import { TextParser, MAX_TEXT_LINE_BYTES, TEXT_OPTION_KEYS, lineTooLong, type TextReadOptions } from './reader.js';
import { ByteLines } from './byte-lines.js';

/**
 * Splits decoded text into lines, one array per input chunk, refusing to buffer a line beyond the
 * limit (`maxLineBytes`, default Go's). The check here is on UTF-16 units, a lower bound of the
 * bytes; the parser then checks each line's exact byte length.
 */
export async function* textLineArrays(source: TraceSource, maxLineBytes = MAX_TEXT_LINE_BYTES): AsyncGenerator<string[]> {
  const it = toChunkSource(source);
  const dec = new TextDecoder('utf-8');
  let carry = '';
  let lineNo = 0;
  for (;;) {
    const r = await it.next();
    const piece = r.done ? dec.decode() : dec.decode(r.value, { stream: true });
    if (!r.done && piece.indexOf('\n') < 0) {
      // No line ends here: just extend the current line (no re-split of what is carried, so a
      // long line fed in small chunks costs linear time), within the line limit.
      carry += piece;
      if (carry.length > maxLineBytes + 1) throw lineTooLong(lineNo + 1, maxLineBytes);
      continue;
    }
    const all = carry + piece;
    const lines = all.split('\n');
    carry = lines.pop()!;
    lineNo += lines.length;
    if (carry.length > maxLineBytes + 1) throw lineTooLong(lineNo + 1, maxLineBytes);
    if (r.done) {
      if (carry.length > 0) lines.push(carry);
      if (lines.length > 0) yield lines;
      return;
    }
    if (lines.length > 0) yield lines;
  }
}

export interface TextStream extends AsyncIterable<RawEvent> {
  /** Known once the header line has been read (before openText resolves). */
  readonly version: TraceVersion;
  /** The events in arrays (one per input chunk): far fewer promises than one per event. */
  eventArrays(): AsyncIterable<readonly RawEvent[]>;
  /**
   * Calls `visit` with every event as soon as its line is read, and resolves to the number of
   * events; rejects with the first error (the visitor's included). The fastest way through a big
   * text trace: events are not held per chunk, so they die young. `afterChunk` (if given) runs
   * after each input chunk's lines, awaited: the place to flush output. Use either this or the
   * iterators, once.
   */
  scan(visit: (ev: RawEvent) => void, afterChunk?: () => void | Promise<void>): Promise<number>;
}

/**
 * Opens a text trace for incremental reading. The header is parsed before this resolves.
 * `options`: the limits, as for parseText.
 */
export async function openText(source: TraceSource, options: TextReadOptions = {}): Promise<TextStream> {
  options = checkOptionKeys('text reader options', options, TEXT_OPTION_KEYS);
  const maxLineBytes = limitOption('maxLineBytes', options.maxLineBytes, MAX_TEXT_LINE_BYTES);
  let pending: RawEvent[] = [];
  /** scan()'s visitor while it runs; otherwise events are collected per chunk. */
  let visit: ((ev: RawEvent) => void) | undefined;
  const parser = new TextParser((ev) => (visit !== undefined ? visit(ev) : pending.push(ev)), options);
  // Lines go to the parser as bytes (its fast path reads the common ones without a string each).
  const lines = new ByteLines(toChunkSource(source), parser, maxLineBytes);
  let ended = false;
  // Read up to the header line; the rest of that chunk is fed when the events are read.
  while (parser.version === undefined) {
    if (!(await lines.pump(() => parser.version !== undefined))) {
      parser.end();
      ended = true;
      break;
    }
  }
  const version = parser.version!;
  /**
   * The first error of any read (the input's, or a scan visitor's): every later read fails with
   * it too, rather than going on from a half-fed line or repeating events.
   */
  let failed: { error: unknown } | undefined;
  const fail = (e: unknown): never => {
    failed ??= { error: e };
    throw e;
  };
  /** Feeds the parser one more chunk's lines; at the end of the input, ends it. */
  async function feed(): Promise<void> {
    if (!(await lines.pump())) {
      parser.end();
      ended = true;
    }
  }
  async function* arrays(): AsyncGenerator<readonly RawEvent[]> {
    for (;;) {
      if (failed) throw failed.error;
      try {
        if (!ended) await feed();
      } catch (e) {
        fail(e);
      }
      if (pending.length > 0) {
        const out = pending;
        pending = [];
        yield out;
      }
      if (ended) return;
    }
  }
  async function scan(v: (ev: RawEvent) => void, afterChunk?: () => void | Promise<void>): Promise<number> {
    if (typeof v !== 'function') throw new TypeError(`scan: visit must be a function, got ${describeValue(v)}`);
    if (failed) throw failed.error;
    let n = 0;
    visit = (ev) => {
      n++;
      v(ev);
    };
    try {
      const early = pending;
      pending = [];
      for (const ev of early) visit(ev);
      while (!ended) {
        await feed();
        if (afterChunk !== undefined) await afterChunk();
      }
    } catch (e) {
      fail(e);
    } finally {
      visit = undefined;
    }
    return n;
  }
  return {
    version,
    eventArrays: arrays,
    scan,
    [Symbol.asyncIterator]: async function* () {
      for await (const a of arrays()) yield* a;
    },
  };
}
