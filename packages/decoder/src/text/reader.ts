/**
 * Go's raw text form, input side (wire-format.md §15.3): turns lines into raw events. Accepts what
 * Go's text reader accepts and reports problems with Go's words plus our line and column.
 *
 * One deliberate extension: Go's writer prints no `data=` line for an empty String (or
 * ExperimentalBatch) and Go's reader then fails on its own output. Where the line after such an
 * event is another event line (or the input ends), we read the data as empty, so that
 * binary → text → binary is lossless.
 */
import { describeValue } from '../wire/source.js';
import { utf8Length, type U64 } from '@gotrace/stack-table';
import { TextFormatError } from '../errors.js';
import { SPEC_BY_NAME, isDefinedIn, type EventSpec } from '../format/events.js';
import { isTraceVersion, isV1Version, type TraceVersion } from '../format/versions.js';
import { checkOptionKeys, limitOption } from '../format/limits.js';
import type { RawEvent, RawTrace } from '../wire/raw-event.js';
import { goQuoteString } from './quote.js';
import { goUnquote } from './unquote.js';
import { isGoSpace, trimGoSpace } from './whitespace.js';
import { EventNames, fastArgBytes, nameEnd } from './byte-fast.js';
import { parseU64 } from './u64.js';

/** Go's line scanner limit: longer lines fail with "token too long". */
export const MAX_TEXT_LINE_BYTES = 65535;
/**
 * Most frames one Stack line may announce. Not Go's (its text reader has no such limit): a bound
 * on what a single claim makes us expect, far above any runtime's stack depth (128).
 */
export const MAX_TEXT_FRAMES_PER_STACK = 1_000_000;

/** Limits of the text readers (`parseText`, `openText`, `TextParser`). */
export const TEXT_OPTION_KEYS = ['maxLineBytes', 'maxFramesPerStack'] as const;

export interface TextReadOptions {
  /** Longest line in UTF-8 bytes, newline not counted. Default 65,535 (Go's bufio.Scanner). */
  readonly maxLineBytes?: number;
  /** Most frames one Stack event may announce. Default 1,000,000. */
  readonly maxFramesPerStack?: number;
}

/** The error for a line over the limit: Go's words, plus the limit (Go's words name none). */
export function lineTooLong(lineNo: number, maxLineBytes: number): TextFormatError {
  return new TextFormatError('line-too-long', 'bufio.Scanner: token too long', lineNo, 1, `text line length: more than ${maxLineBytes} bytes, option maxLineBytes`);
}

const FRAME_FIELDS = ['pc', 'func', 'file', 'line'];
const ASCII = new TextEncoder();
const FRAME_FIELD_BYTES = FRAME_FIELDS.map((f) => ASCII.encode(f));
// ignoreBOM: a U+FEFF at the start of a line is part of the line, as parseText and Go see it
// (the default would strip it from every line decoded on its own).
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

interface Tok {
  text: string;
  start: number;
  end: number;
}

/** Reads the token at or after `from`: a run of non-blank characters, ended by a blank or `#`. */
function readToken(s: string, from: number): Tok | null {
  let i = from;
  while (i < s.length && isGoSpace(s.charCodeAt(i))) i++;
  if (i >= s.length || s[i] === '#') return null;
  const start = i;
  while (i < s.length && !isGoSpace(s.charCodeAt(i)) && s[i] !== '#') i++;
  return { text: s.slice(start, i), start, end: i };
}

function onlySpaceFrom(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) if (!isGoSpace(s.charCodeAt(i))) return false;
  return true;
}

/**
 * The common case, without slicing or regular expressions: single spaces, `name=digits` tokens
 * in table order, nothing after the last one. Returns null for anything else (the general path
 * then parses the line again, or reports the error).
 */
function fastArgs(text: string, from: number, names: readonly string[]): U64[] | null {
  const out: U64[] = new Array(names.length);
  let p = from;
  const n = text.length;
  for (let k = 0; k < names.length; k++) {
    const name = names[k]!;
    if (text.charCodeAt(p) !== 0x20 && text.charCodeAt(p) !== 0x09) return null;
    p++;
    if (!text.startsWith(name, p) || text.charCodeAt(p + name.length) !== 0x3d /* = */) return null;
    p += name.length + 1;
    const start = p;
    let v = 0;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c < 0x30 || c > 0x39) break;
      v = v * 10 + (c - 0x30);
      p++;
    }
    const len = p - start;
    if (len === 0 || len > 15) {
      if (len === 0) return null;
      const big = parseU64(text.slice(start, p));
      if (big === null) return null;
      out[k] = big;
    } else {
      out[k] = v;
    }
    if (p < n) {
      const c = text.charCodeAt(p);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return null;
    }
  }
  return onlySpaceFrom(text, p) ? out : null;
}

type State =
  | { kind: 'header' }
  | { kind: 'event' }
  | { kind: 'frames'; spec: EventSpec; args: U64[]; frames: U64[]; left: number }
  | { kind: 'data'; spec: EventSpec; args: U64[] };

/**
 * A push parser: feed it lines (without their newline) with their 1-based numbers; it calls
 * `emit` for every complete event. Call `end()` after the last line.
 */
export class TextParser {
  version: TraceVersion | undefined;
  private state: State = { kind: 'header' };
  private lastLine = 0;
  private readonly maxLineBytes: number;
  private readonly maxFrames: number;

  constructor(private readonly emit: (ev: RawEvent) => void, options: TextReadOptions = {}) {
    options = checkOptionKeys('text reader options', options, TEXT_OPTION_KEYS);
    this.maxLineBytes = limitOption('maxLineBytes', options.maxLineBytes, MAX_TEXT_LINE_BYTES);
    this.maxFrames = limitOption('maxFramesPerStack', options.maxFramesPerStack, MAX_TEXT_FRAMES_PER_STACK);
  }

  line(raw: string, lineNo: number): void {
    if (typeof raw !== 'string') throw new TypeError(`text line ${lineNo}: expected a string, got ${describeValue(raw)}`);
    this.lastLine = lineNo;
    // One trailing CR is dropped (CRLF input); it still counts toward the length limit.
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // A UTF-16 unit is 1 to 3 UTF-8 bytes: count them only when the line may be over the limit.
    const max = this.maxLineBytes;
    if (raw.length * 3 > max && utf8Length(raw) > max) throw lineTooLong(lineNo, max);
    const first = readToken(text, 0);
    if (first === null) return; // blank line or comment
    this.dispatch(text, first, lineNo);
  }

  /**
   * line() for a line given as bytes (buf[start..end), without its newline): the common lines are
   * read straight from the bytes (byte-fast.ts); any other goes to line() as text. The same events
   * and errors as line(decoded text), without a string per line.
   */
  bytesLine(buf: Uint8Array, start: number, end: number, lineNo: number): void {
    const st = this.state;
    if (end - start <= this.maxLineBytes) {
      if (st.kind === 'event') {
        if (this.fastEventLine(buf, start, end)) {
          this.lastLine = lineNo;
          return;
        }
      } else if (st.kind === 'frames') {
        const vals = fastArgBytes(buf, start, end, FRAME_FIELD_BYTES);
        if (vals !== null) {
          this.lastLine = lineNo;
          st.frames.push(vals[0]!, vals[1]!, vals[2]!, vals[3]!);
          if (--st.left === 0) this.finishFrames(st);
          return;
        }
      }
    }
    this.line(utf8.decode(buf.subarray(start, end)), lineNo);
  }

  /** An event line of the fast shape, handled as eventLine() would; false to take the general path. */
  private fastEventLine(buf: Uint8Array, start: number, end: number): boolean {
    const ne = nameEnd(buf, start, end);
    if (ne < 0) return false;
    const names = (this.names ??= new EventNames(this.version!));
    const e = names.find(buf, start, ne);
    if (e === undefined) return false;
    const args = fastArgBytes(buf, ne, end, e.args);
    if (args === null) return false;
    const spec = e.spec;
    if (spec.trailer === 'frames') {
      const n = args[1]!;
      if (n === 0) {
        this.emit({ type: spec.type, name: spec.name, args, frames: [] });
        return true;
      }
      if (typeof n !== 'number' || n > this.maxFrames) return false; // the general path reports it
      this.state = { kind: 'frames', spec, args, frames: [], left: n };
      return true;
    }
    if (spec.trailer === 'data') {
      this.state = { kind: 'data', spec, args };
      return true;
    }
    this.emit({ type: spec.type, name: spec.name, args });
    return true;
  }

  /** The version's event names by bytes, for bytesLine (made on first use). */
  private names: EventNames | undefined;

  private dispatch(text: string, first: Tok, lineNo: number): void {
    const st = this.state;
    switch (st.kind) {
      case 'header':
        return this.header(text, first, lineNo);
      case 'event':
        return this.eventLine(text, first, lineNo);
      case 'frames': {
        const vals = this.readArgs(text, 0, FRAME_FIELDS, lineNo, '');
        st.frames.push(...vals);
        if (--st.left === 0) this.finishFrames(st);
        return;
      }
      case 'data': {
        const eq = text.indexOf('=');
        if (eq < 0 || trimGoSpace(text.slice(0, eq)) !== 'data') {
          // Extension: an event line here means the previous event's data was empty.
          if (this.isEventName(first.text)) {
            this.finishData(st, new Uint8Array(0));
            this.state = { kind: 'event' };
            return this.eventLine(text, first, lineNo);
          }
          throw new TextFormatError('text-syntax', `malformed data: ${goQuoteString(text)}`, lineNo, first.start + 1);
        }
        const lit = trimGoSpace(text.slice(eq + 1));
        const r = goUnquote(lit);
        if (!r.ok) {
          throw new TextFormatError('text-syntax', `failed to parse data: ${goQuoteString(text)}: ${r.reason}`, lineNo, eq + 2);
        }
        this.finishData(st, r.bytes);
        this.state = { kind: 'event' };
        return;
      }
    }
  }

  private isEventName(name: string): boolean {
    const spec = SPEC_BY_NAME.get(name);
    return spec !== undefined && this.version !== undefined && isDefinedIn(spec.type, this.version);
  }

  private header(text: string, first: Tok, lineNo: number): void {
    if (first.text !== 'Trace') throw new TextFormatError('bad-header', 'failed to parse header', lineNo, first.start + 1);
    const gover = readToken(text, first.end);
    if (gover === null || !gover.text.startsWith('Go1.')) {
      throw new TextFormatError('bad-header', 'failed to parse header Go version', lineNo, (gover?.start ?? first.end) + 1);
    }
    const numText = gover.text.slice(4);
    const n = parseU64(numText);
    if (n === null) {
      const why = /^[0-9]+$/.test(numText) ? 'value out of range' : 'invalid syntax';
      throw new TextFormatError('bad-header',
        `failed to parse header Go version: strconv.ParseUint: parsing ${goQuoteString(numText)}: ${why}`, lineNo, gover.start + 5);
    }
    // Go converts the 64-bit number to its 32-bit version type.
    const v = Number(BigInt(n) & 0xffffffffn);
    if (isV1Version(v)) {
      throw new TextFormatError('unsupported-version',
        `unsupported version go 1.${v} (Go 1.21 or older): v1 traces are not supported`, lineNo, gover.start + 5);
    }
    if (!isTraceVersion(v)) {
      throw new TextFormatError('unsupported-version', `unknown or unsupported Go version 1.${v}`, lineNo, gover.start + 5);
    }
    if (!onlySpaceFrom(text, gover.end)) {
      throw new TextFormatError('text-syntax',
        `encountered unexpected non-space at the end of the header: ${goQuoteString(text.slice(gover.end))}`, lineNo, gover.end + 1);
    }
    this.version = v;
    this.state = { kind: 'event' };
  }

  private eventLine(text: string, first: Tok, lineNo: number): void {
    const spec = SPEC_BY_NAME.get(first.text);
    if (spec === undefined || !isDefinedIn(spec.type, this.version!)) {
      throw new TextFormatError('unknown-event', `unidentified event: ${first.text}`, lineNo, first.start + 1);
    }
    const args = this.readArgs(text, first.end, spec.argNames, lineNo, `reading args for ${spec.name}: `);
    if (spec.trailer === 'frames') {
      const n = args[1]!;
      if (n === 0) return this.emit({ type: spec.type, name: spec.name, args, frames: [] });
      if (typeof n !== 'number' || n > this.maxFrames) {
        throw new TextFormatError('limit-exceeded', `stack with ${n} frames is too deep`, lineNo, 1, `frames per stack: more than ${this.maxFrames}, option maxFramesPerStack`);
      }
      this.state = { kind: 'frames', spec, args, frames: [], left: n };
      return;
    }
    if (spec.trailer === 'data') {
      this.state = { kind: 'data', spec, args };
      return;
    }
    this.emit({ type: spec.type, name: spec.name, args });
  }

  private readArgs(text: string, from: number, names: readonly string[], lineNo: number, prefix: string): U64[] {
    return fastArgs(text, from, names) ?? this.readArgsSlow(text, from, names, lineNo, prefix);
  }

  /** The general path: any spacing, and Go's error messages. */
  private readArgsSlow(text: string, from: number, names: readonly string[], lineNo: number, prefix: string): U64[] {
    const out: U64[] = [];
    let pos = from;
    for (const name of names) {
      const tok = readToken(text, pos);
      if (tok === null) throw new TextFormatError('text-syntax', `${prefix}no argument`, lineNo, pos + 1);
      const eq = tok.text.indexOf('=');
      if (eq < 0) {
        throw new TextFormatError('text-syntax', `${prefix}malformed argument: ${goQuoteString(tok.text)}`, lineNo, tok.start + 1);
      }
      const key = tok.text.slice(0, eq);
      const valText = tok.text.slice(eq + 1);
      const v = parseU64(valText);
      if (v === null) {
        throw new TextFormatError('text-syntax',
          `${prefix}failed to parse argument value ${goQuoteString(valText)} for arg ${goQuoteString(key)}`, lineNo, tok.start + eq + 2);
      }
      if (key !== name) {
        throw new TextFormatError('text-syntax',
          `${prefix}expected argument ${goQuoteString(name)}, but got ${goQuoteString(key)}`, lineNo, tok.start + 1);
      }
      out.push(v);
      pos = tok.end;
    }
    if (!onlySpaceFrom(text, pos)) {
      throw new TextFormatError('text-syntax',
        `${prefix}encountered unexpected non-space at the end of an event: ${goQuoteString(text.slice(pos))}`, lineNo, pos + 1);
    }
    return out;
  }

  private finishFrames(st: Extract<State, { kind: 'frames' }>): void {
    this.emit({ type: st.spec.type, name: st.spec.name, args: st.args, frames: st.frames });
    this.state = { kind: 'event' };
  }

  private finishData(st: Extract<State, { kind: 'data' }>, data: Uint8Array): void {
    this.emit({ type: st.spec.type, name: st.spec.name, args: st.args, data });
  }

  /** Call after the last line. */
  end(): void {
    const st = this.state;
    const at = this.lastLine + 1;
    switch (st.kind) {
      case 'header':
        throw new TextFormatError('empty', 'EOF (no header line: expected "Trace Go1.NN")', at);
      case 'event':
        return;
      case 'frames':
        throw new TextFormatError('truncated', `unexpected EOF while reading stack: args=[${st.args.join(' ')}]`, at);
      case 'data':
        // Extension (see the file comment): a String at the very end with no data line is empty.
        this.finishData(st, new Uint8Array(0));
        this.state = { kind: 'event' };
        return;
    }
  }
}

/** Parses a whole text trace held in memory. */
export function parseText(text: string, options: TextReadOptions = {}): RawTrace {
  if (typeof text !== 'string') {
    const hint = (text as unknown) instanceof Uint8Array ? ' (decode bytes with TextDecoder first, or stream them with openText)' : '';
    throw new TypeError(`text: expected a string, got ${describeValue(text)}${hint}`);
  }
  const events: RawEvent[] = [];
  const p = new TextParser((ev) => events.push(ev), options);
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    const line = text.slice(start, nl);
    lineNo++;
    if (!(nl === text.length && line.length === 0)) p.line(line, lineNo);
    start = nl + 1;
  }
  p.end();
  return { version: p.version!, events };
}
