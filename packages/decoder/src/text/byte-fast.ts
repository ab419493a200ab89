/**
 * The text reader's fast path on raw bytes (see TextParser.bytesLine): the lines that make up
 * nearly all of a real text trace — an event name and its `name=digits` arguments, single-spaced
 * and in table order; a stack frame's four such arguments — read without making a string per
 * line. Anything else (the header, data lines, comments, extra blanks, non-ASCII, any error)
 * returns null and the caller hands the line, decoded, to the general string parser, which
 * accepts exactly the same lines with the same results and reports every error.
 */
import type { U64 } from '@gotrace/stack-table';
import { EVENT_TABLE, MAX_ARGS, isDefinedIn, type EventSpec } from '../format/events.js';
import type { TraceVersion } from '../format/versions.js';
import { parseU64 } from './u64.js';
import { isGoSpace } from './whitespace.js';

const latin1 = new TextDecoder('latin1');
/** Event and argument names are ASCII: their bytes. */
const ASCII = new TextEncoder();

/** A cheap hash of a short ASCII name: length, first, middle and last byte. */
function nameSlot(buf: Uint8Array, start: number, end: number): number {
  const n = end - start;
  return (n * 67 + buf[start]! * 31 + buf[start + (n >> 1)]! * 7 + buf[end - 1]!) & (SLOTS - 1);
}
const SLOTS = 1024;

interface NameEntry {
  readonly spec: EventSpec;
  readonly name: Uint8Array;
  /** The argument names' bytes. */
  readonly args: Uint8Array[];
}

/** A version's event names, looked up by their bytes. */
export class EventNames {
  /** slot → 1 + index of the first entry there (0: none); chained through `next`. */
  private readonly heads = new Int16Array(SLOTS);
  private readonly next: number[] = [];
  private readonly entries: NameEntry[] = [];

  constructor(version: TraceVersion) {
    for (const spec of EVENT_TABLE) {
      if (!isDefinedIn(spec.type, version)) continue;
      const name = ASCII.encode(spec.name);
      const slot = nameSlot(name, 0, name.length);
      this.entries.push({ spec, name, args: spec.argNames.map((n) => ASCII.encode(n)) });
      this.next.push(this.heads[slot]!);
      this.heads[slot] = this.entries.length;
    }
  }

  /** The event whose name is buf[start..end), with its argument names' bytes; undefined if none. */
  find(buf: Uint8Array, start: number, end: number): NameEntry | undefined {
    const len = end - start;
    for (let i = this.heads[nameSlot(buf, start, end)]!; i !== 0; i = this.next[i - 1]!) {
      const e = this.entries[i - 1]!;
      const name = e.name;
      if (name.length !== len) continue;
      let k = 0;
      while (k < len && name[k] === buf[start + k]) k++;
      if (k === len) return e;
    }
    return undefined;
  }
}

/** End of the event-name token at `start` (letters and digits), or −1 if the line is not of the fast shape. */
export function nameEnd(buf: Uint8Array, start: number, end: number): number {
  let p = start;
  const c0 = buf[p];
  if (c0 === undefined || !((c0 >= 0x41 && c0 <= 0x5a) || (c0 >= 0x61 && c0 <= 0x7a))) return -1;
  while (p < end) {
    const c = buf[p]!;
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) p++;
    else if (c === 0x20 || c === 0x09 || c === 0x0d) break;
    else return -1;
  }
  return p;
}

/**
 * ` name=digits` for each name in order from `from`, then only blanks to `end` — the bytes
 * version of the string parser's fast path, accepting exactly the same lines. Null otherwise.
 */
export function fastArgBytes(buf: Uint8Array, from: number, end: number, names: readonly Uint8Array[]): U64[] | null {
  const nn = names.length;
  const vals = scratch;
  let p = from;
  for (let k = 0; k < nn; k++) {
    const name = names[k]!;
    if (p >= end) return null;
    const sep = buf[p]!;
    if (sep !== 0x20 && sep !== 0x09) return null;
    p++;
    const nl = name.length;
    if (p + nl >= end) return null;
    for (let i = 0; i < nl; i++) if (buf[p + i] !== name[i]) return null;
    p += nl;
    if (buf[p] !== 0x3d /* = */) return null;
    p++;
    const start = p;
    let v = 0;
    while (p < end) {
      const c = buf[p]!;
      if (c < 0x30 || c > 0x39) break;
      v = v * 10 + (c - 0x30);
      p++;
    }
    const len = p - start;
    if (len === 0) return null;
    if (len > 15) {
      const big = parseU64(latin1.decode(buf.subarray(start, p)));
      if (big === null) return null;
      vals[k] = big;
    } else {
      vals[k] = v;
    }
    if (p < end) {
      const c = buf[p]!;
      if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return null;
    }
  }
  // Blanks only; a byte ≥ 0x80 is part of a multi-byte character: the general path decides.
  for (; p < end; p++) if (buf[p]! >= 0x80 || !isGoSpace(buf[p]!)) return null;
  // A fresh array of the exact size (literals: cheaper than new Array(n) filled in).
  switch (nn) {
    case 0:
      return [];
    case 1:
      return [vals[0]!];
    case 2:
      return [vals[0]!, vals[1]!];
    case 3:
      return [vals[0]!, vals[1]!, vals[2]!];
    case 4:
      return [vals[0]!, vals[1]!, vals[2]!, vals[3]!];
    default:
      return vals.slice(0, nn);
  }
}

/** fastArgBytes's values before they are copied out (no event has more than a handful). */
const scratch: U64[] = new Array<U64>(MAX_ARGS).fill(0);
