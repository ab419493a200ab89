/**
 * The text form written straight into bytes from the zero-allocation cursor: the fast path of
 * `gotrace decode`, producing exactly what `formatRawEvent` produces (a test holds them equal)
 * without an object or a string per event.
 */
import { SPEC_BY_TYPE, TRAILER_DATA, TRAILER_FRAMES, versionLookup } from '../format/events.js';
import type { TraceVersion } from '../format/versions.js';
import type { U64 } from '@gotrace/stack-table';
import { ByteWriter } from '../wire/varint.js';
import type { RawCursor } from '../wire/raw-cursor.js';
import { goQuote } from './quote.js';
import { textHeaderLine, type TextWriteOptions } from './writer.js';

const ASCII = new TextEncoder();
const FRAME_KEYS = ['\n\tpc=', ' func=', ' file=', ' line='].map((k) => ASCII.encode(k));
const DATA_KEY = ASCII.encode('\n\tdata=');
const EMPTY_DATA = ASCII.encode('\n\tdata=""');

/** Per type: the name, then " arg=" for each argument, as bytes. */
const PIECES: (Uint8Array[] | undefined)[] = SPEC_BY_TYPE.map((spec) =>
  spec ? [ASCII.encode(spec.name), ...spec.argNames.map((n) => ASCII.encode(` ${n}=`))] : undefined,
);

/** The longest name or " key=" piece (room reserved per piece). */
const MAX_PIECE = Math.max(...PIECES.flatMap((p) => (p ? p.map((b) => b.length) : [0])));

/** Copies a short byte string into buf at p (a loop beats TypedArray.set for a few bytes). */
function copy(buf: Uint8Array, p: number, b: Uint8Array): number {
  for (let i = 0; i < b.length; i++) buf[p++] = b[i]!;
  return p;
}

export class TextByteWriter {
  readonly out: ByteWriter;
  private readonly trailers: Uint8Array;

  constructor(version: TraceVersion, private readonly options: TextWriteOptions = {}, out = new ByteWriter(1 << 20)) {
    this.out = out;
    this.trailers = versionLookup(version).trailers;
    this.out.bytes(ASCII.encode(textHeaderLine(version)));
  }

  /**
   * Writes v's decimal digits at p (room for 20 reserved by the caller); returns the new end.
   * Digits go straight into the output: no subarray, no string.
   */
  private num(buf: Uint8Array, p: number, v: U64): number {
    if (typeof v === 'number') {
      if (v < 10) {
        buf[p] = 0x30 + v;
        return p + 1;
      }
      let n = 1;
      for (let x = v; x >= 10; x = Math.floor(x / 10)) n++;
      let i = p + n;
      while (v >= 10) {
        const q = Math.floor(v / 10);
        buf[--i] = 0x30 + (v - q * 10);
        v = q;
      }
      buf[--i] = 0x30 + v;
      return p + n;
    }
    return copy(buf, p, ASCII.encode(v.toString()));
  }

  /** Appends the cursor's current event, as formatRawEvent would print it. */
  cursorEvent(c: RawCursor): void {
    const type = c.type;
    const pieces = PIECES[type]!;
    const w = this.out;
    const nargs = c.nargs;
    // Room for the name, every " key=" and 20 digits per argument, and the newline.
    w.ensure(MAX_PIECE * (nargs + 1) + 20 * nargs + 1);
    let buf = w.buf;
    let p = copy(buf, w.pos, pieces[0]!);
    const args = c.args;
    for (let i = 0; i < nargs; i++) {
      p = copy(buf, p, pieces[i + 1]!);
      p = this.num(buf, p, args[i]!);
    }
    const t = this.trailers[type]!;
    if (t === TRAILER_FRAMES) {
      const f = c.frames;
      const n = c.nframeWords;
      w.pos = p;
      w.ensure(n * (8 + 20) + 1);
      buf = w.buf;
      for (let i = 0; i < n; i++) {
        p = copy(buf, p, FRAME_KEYS[i & 3]!);
        p = this.num(buf, p, f[i]!);
      }
    } else if (t === TRAILER_DATA) {
      w.pos = p;
      if (c.dataEnd > c.dataStart) {
        w.bytes(DATA_KEY);
        w.bytes(ASCII.encode(goQuote(c.data())));
      } else if (this.options.emptyDataLine) {
        w.bytes(EMPTY_DATA);
      }
      w.ensure(1);
      buf = w.buf;
      p = w.pos;
    }
    buf[p++] = 0x0a;
    w.pos = p;
  }

  /** Bytes written since the last take(). */
  take(): Uint8Array {
    const b = this.out.toBytes();
    this.out.clear();
    return b;
  }
}
