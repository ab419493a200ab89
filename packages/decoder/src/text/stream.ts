/**
 * Streaming text input: chunks of bytes → lines → raw events, so that a text trace of any size is
 * converted without holding it in memory.
 */
import { TextFormatError } from '../errors.js';
import type { TraceVersion } from '../format/versions.js';
import type { RawEvent } from '../wire/raw-event.js';
import { toChunkSource, type TraceSource } from '../wire/source.js';
import { TextParser, MAX_TEXT_LINE_BYTES } from './reader.js';

/** Splits decoded text into lines, refusing to buffer a line beyond Go's limit. */
export async function* textLines(source: TraceSource): AsyncGenerator<string> {
  const it = toChunkSource(source);
  const dec = new TextDecoder('utf-8');
  let carry = '';
  let lineNo = 0;
  for (;;) {
    const r = await it.next();
    const text = r.done ? dec.decode() : dec.decode(r.value, { stream: true });
    let start = 0;
    const all = carry + text;
    for (;;) {
      const nl = all.indexOf('\n', start);
      if (nl < 0) break;
      lineNo++;
      yield all.slice(start, nl);
      start = nl + 1;
    }
    carry = all.slice(start);
    if (carry.length > MAX_TEXT_LINE_BYTES + 1) {
      throw new TextFormatError('line-too-long', 'bufio.Scanner: token too long', lineNo + 1);
    }
    if (r.done) {
      if (carry.length > 0) yield carry;
      return;
    }
  }
}

export interface TextStream extends AsyncIterable<RawEvent> {
  /** Resolves once the header line has been read. */
  readonly version: TraceVersion;
}

/**
 * Opens a text trace for incremental reading. The header is parsed before this resolves.
 */
export async function openText(source: TraceSource): Promise<TextStream> {
  const lines = textLines(source)[Symbol.asyncIterator]();
  const pending: RawEvent[] = [];
  const parser = new TextParser((ev) => pending.push(ev));
  let lineNo = 0;
  let ended = false;
  while (parser.version === undefined) {
    const r = await lines.next();
    if (r.done) {
      parser.end();
      ended = true;
      break;
    }
    parser.line(r.value, ++lineNo);
  }
  const version = parser.version!;
  return {
    version,
    [Symbol.asyncIterator]: async function* () {
      for (;;) {
        while (pending.length > 0) yield pending.shift()!;
        if (ended) return;
        const r = await lines.next();
        if (r.done) {
          parser.end();
          ended = true;
          continue;
        }
        parser.line(r.value, ++lineNo);
      }
    },
  };
}
