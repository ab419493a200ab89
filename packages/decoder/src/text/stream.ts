/**
 * Streaming text input: chunks of bytes → lines → raw events, so that a text trace of any size is
 * converted without holding it in memory.
 */
import type { TraceVersion } from '../format/versions.js';
import { checkOptionKeys, limitOption } from '../format/limits.js';
import type { RawEvent } from '../wire/raw-event.js';
import { toChunkSource, type TraceSource } from '../wire/source.js';
import { TextParser, MAX_TEXT_LINE_BYTES, TEXT_OPTION_KEYS, lineTooLong, type TextReadOptions } from './reader.js';

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
}

/**
 * Opens a text trace for incremental reading. The header is parsed before this resolves.
 * `options`: the limits, as for parseText.
 */
export async function openText(source: TraceSource, options: TextReadOptions = {}): Promise<TextStream> {
  options = checkOptionKeys('text reader options', options, TEXT_OPTION_KEYS);
  const lineArrays = textLineArrays(source, limitOption('maxLineBytes', options.maxLineBytes, MAX_TEXT_LINE_BYTES))[Symbol.asyncIterator]();
  let pending: RawEvent[] = [];
  const parser = new TextParser((ev) => pending.push(ev), options);
  let lineNo = 0;
  let rest: string[] = [];
  let ended = false;
  // Read up to the header line; keep the rest of that chunk for the events.
  while (parser.version === undefined) {
    const r = await lineArrays.next();
    if (r.done) {
      parser.end();
      ended = true;
      break;
    }
    const lines = r.value;
    let i = 0;
    while (i < lines.length && parser.version === undefined) parser.line(lines[i++]!, ++lineNo);
    rest = lines.slice(i);
  }
  const version = parser.version!;
  async function* arrays(): AsyncGenerator<readonly RawEvent[]> {
    for (const l of rest) parser.line(l, ++lineNo);
    rest = [];
    for (;;) {
      if (pending.length > 0) {
        const out = pending;
        pending = [];
        yield out;
      }
      if (ended) return;
      const r = await lineArrays.next();
      if (r.done) {
        parser.end();
        ended = true;
        continue;
      }
      for (const l of r.value) parser.line(l, ++lineNo);
    }
  }
  return {
    version,
    eventArrays: arrays,
    [Symbol.asyncIterator]: async function* () {
      for await (const a of arrays()) yield* a;
    },
  };
}
