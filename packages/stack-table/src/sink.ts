/**
 * Where tables send their records. The encoder implements it: it encodes each record, keeps one
 * open batch per kind (strings start with 0x04, stacks with 0x02) and splits at the 64 KiB limit.
 */
import type { EncodedFrame } from './frame.js';
import type { StackId, StringId } from './ids.js';

export type RecordKind = 'strings' | 'stacks';

export interface TableSink {
  /** One String record (bytes already truncated to ≤ 1024). */
  string(id: StringId, bytes: Uint8Array): void;
  /** One Stack record (≤ 128 frames, innermost first). `frames` is only valid during the call. */
  stack(id: StackId, frames: readonly EncodedFrame[]): void;
  /**
   * Optional: no more records of `kind` will come for this generation, so the sink may flush
   * its last partial batch of that kind (the runtime does this at the end of the generation).
   * Called once per kind per dump, even when no record of that kind was emitted.
   */
  end?(kind: RecordKind): void;
}

/** A sink that records everything, for tests and for callers that batch later. */
export class CollectingSink implements TableSink {
  readonly strings: { id: StringId; bytes: Uint8Array }[] = [];
  readonly stacks: { id: StackId; frames: EncodedFrame[] }[] = [];
  readonly ended: RecordKind[] = [];
  string(id: StringId, bytes: Uint8Array): void {
    this.strings.push({ id, bytes: bytes.slice() });
  }
  stack(id: StackId, frames: readonly EncodedFrame[]): void {
    this.stacks.push({ id, frames: frames.map((f) => ({ ...f })) });
  }
  end(kind: RecordKind): void {
    this.ended.push(kind);
  }
}
