/**
 * The TableSink the writer gives @gotrace/stack-table: String and Stack records become NoThread
 * batches that start with the Strings (0x04) / Stacks (0x02) marker and are split at the 64 KiB
 * limit, as the runtime's string and stack buffers are.
 */
import type { EncodedFrame, RecordKind, StackId, StringId, TableSink, U64 } from '@gotrace/stack-table';
import { EventType, MAX_VARINT_BYTES } from '@gotrace/decoder/format';
import { BatchBuffer, NO_THREAD, putUvarint, type LengthStyle } from './batch-buffer.js';

export interface ChunkTarget {
  /** Generation the records belong to. */
  readonly gen: number;
  /** Header time for a new batch. */
  batchTime(): number;
  push(chunk: Uint8Array): void;
  readonly lengthStyle: LengthStyle;
}

export class SectionSink implements TableSink {
  private readonly strings = new BatchBuffer();
  private readonly stacks = new BatchBuffer();
  constructor(private readonly target: ChunkTarget) {}

  private room(b: BatchBuffer, marker: number, need: number): void {
    if (b.open && !b.fits(need)) this.target.push(b.seal(NO_THREAD, this.target.lengthStyle));
    if (!b.open) {
      b.start(this.target.gen, this.target.batchTime());
      b.buf[b.pos++] = marker;
    }
  }

  string(id: StringId, bytes: Uint8Array): void {
    const b = this.strings;
    this.room(b, EventType.Strings, 1 + 2 * MAX_VARINT_BYTES + bytes.length);
    let p = b.pos;
    b.buf[p++] = EventType.String;
    p = putUvarint(b.buf, p, id);
    p = putUvarint(b.buf, p, bytes.length);
    b.buf.set(bytes, p);
    b.pos = p + bytes.length;
  }

  stack(id: StackId, frames: readonly EncodedFrame[]): void {
    const b = this.stacks;
    this.room(b, EventType.Stacks, 1 + 2 * MAX_VARINT_BYTES + frames.length * 4 * MAX_VARINT_BYTES);
    const buf = b.buf;
    let p = b.pos;
    buf[p++] = EventType.Stack;
    p = putUvarint(buf, p, id);
    p = putUvarint(buf, p, frames.length);
    for (const f of frames) {
      p = putUvarint(buf, p, f.pc as U64);
      p = putUvarint(buf, p, f.func);
      p = putUvarint(buf, p, f.file);
      p = putUvarint(buf, p, f.line as U64);
    }
    b.pos = p;
  }

  end(kind: RecordKind): void {
    const b = kind === 'strings' ? this.strings : this.stacks;
    if (b.open) this.target.push(b.seal(NO_THREAD, this.target.lengthStyle));
  }
}
