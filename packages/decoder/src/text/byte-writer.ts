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

export class TextByteWriter {
  readonly out: ByteWriter;
  private readonly trailers: Uint8Array;
  private readonly digits = new Uint8Array(20);

  constructor(version: TraceVersion, private readonly options: TextWriteOptions = {}, out = new ByteWriter(1 << 20)) {
    this.out = out;
    this.trailers = versionLookup(version).trailers;
    this.out.bytes(ASCII.encode(textHeaderLine(version)));
  }

  private num(v: U64): void {
    const w = this.out;
    if (typeof v === 'number') {
      if (v < 10) {
        w.byte(0x30 + v);
        return;
      }
      const d = this.digits;
      let i = d.length;
      while (v > 0) {
        const q = Math.floor(v / 10);
        d[--i] = 0x30 + (v - q * 10);
        v = q;
      }
      w.bytes(d.subarray(i));
      return;
    }
    w.bytes(ASCII.encode(v.toString()));
  }

  /** Appends the cursor's current event, as formatRawEvent would print it. */
  cursorEvent(c: RawCursor): void {
    const type = c.type;
    const pieces = PIECES[type]!;
    const w = this.out;
    w.bytes(pieces[0]!);
    const args = c.args;
    for (let i = 0; i < c.nargs; i++) {
      w.bytes(pieces[i + 1]!);
      this.num(args[i]!);
    }
    const t = this.trailers[type]!;
    if (t === TRAILER_FRAMES) {
      const f = c.frames;
      for (let i = 0; i < c.nframeWords; i++) {
        w.bytes(FRAME_KEYS[i & 3]!);
        this.num(f[i]!);
      }
    } else if (t === TRAILER_DATA) {
      if (c.dataEnd > c.dataStart) {
        w.bytes(DATA_KEY);
        w.bytes(ASCII.encode(goQuote(c.data())));
      } else if (this.options.emptyDataLine) {
        w.bytes(EMPTY_DATA);
      }
    }
    w.byte(0x0a);
  }

  /** Bytes written since the last take(). */
  take(): Uint8Array {
    const b = this.out.toBytes();
    this.out.clear();
    return b;
  }
}
