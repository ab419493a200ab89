/**
 * Read side: rebuilds one generation's stacks from decoded String and Stack records
 * (spec §§7–8), producing the same Frame/Stack values the producer side takes, so decoded and
 * encoded stacks compare equal with stacksEqual.
 *
 * Like Go's reader: ID 0 is never definable (defining it is a duplicate), a second definition of
 * an ID is an error, records may come in any order (stacks usually precede the strings they use,
 * as the runtime flushes its last string batch after the stack dump), and frames are keyed by PC:
 * the first Stack record (in addStack order) that mentions a PC fixes its func/file/line for the
 * whole generation.
 */
import { DuplicateIdError, IdRangeError, InvalidFrameError, UnknownIdError } from './errors.js';
import { isU64, type U64 } from './u64.js';
import { MAX_FRAMES_PER_STACK, type EncodedFrame, type Frame, type Stack } from './frame.js';
import type { StackId, StringId } from './ids.js';

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }); // keeps a leading U+FEFF, as Go does

export class GenerationStacks {
  private readonly strings = new Map<number, string>();
  private readonly raw = new Map<number, readonly EncodedFrame[]>();
  /** First frame seen per PC (Go's per-generation PC → frame map). */
  private readonly byPC = new Map<U64, EncodedFrame>();
  private readonly built = new Map<number, Stack>();

  constructor(readonly gen = 0) {}

  /** Defines string `id`. Bytes are decoded as UTF-8 (invalid sequences become U+FFFD). */
  addString(id: StringId | number, bytes: Uint8Array): void {
    checkId(id, 'string');
    if (id === 0 || this.strings.has(id)) throw new DuplicateIdError('string', id);
    this.strings.set(id, decoder.decode(bytes));
  }

  /** Defines stack `id` (frames innermost first, at most 128). */
  addStack(id: StackId | number, frames: readonly EncodedFrame[]): void {
    checkId(id, 'stack');
    if (id === 0 || this.raw.has(id)) throw new DuplicateIdError('stack', id);
    if (frames.length > MAX_FRAMES_PER_STACK) {
      throw new InvalidFrameError(`invalid stack size ${frames.length}, maximum is ${MAX_FRAMES_PER_STACK}`);
    }
    for (const f of frames) {
      if (!isU64(f.pc) || !isU64(f.line)) throw new InvalidFrameError(`stack ${id}: pc/line must be canonical U64`);
      checkId(f.func, 'string');
      checkId(f.file, 'string');
    }
    const copy = frames.map((f) => ({ pc: f.pc, func: f.func, file: f.file, line: f.line }));
    this.raw.set(id, copy);
    for (const f of copy) if (!this.byPC.has(f.pc)) this.byPC.set(f.pc, f);
  }

  /** The stack with this ID; ID 0 is the empty stack; undefined when never defined. */
  stack(id: StackId | number): Stack | undefined {
    if (id === 0) return [];
    const done = this.built.get(id);
    if (done !== undefined) return done;
    const raw = this.raw.get(id);
    if (raw === undefined) return undefined;
    const out: Frame[] = raw.map((r) => {
      const f = this.byPC.get(r.pc)!;
      return { pc: f.pc, func: this.name(f.func, id), file: this.name(f.file, id), line: f.line };
    });
    Object.freeze(out);
    this.built.set(id, out);
    return out;
  }

  /** The string with this ID ("" for 0), or undefined. */
  string(id: StringId | number): string | undefined {
    return id === 0 ? '' : this.strings.get(id);
  }

  /** Every string ID a frame uses must be defined (Go checks this once the generation is read). */
  validate(): void {
    for (const [id, frames] of this.raw) {
      for (const f of frames) {
        this.name(f.func, id);
        this.name(f.file, id);
      }
    }
  }

  get stackCount(): number {
    return this.raw.size;
  }
  get stringCount(): number {
    return this.strings.size;
  }
  stackIds(): StackId[] {
    return [...this.raw.keys()] as StackId[];
  }

  private name(sid: number, stack: number): string {
    if (sid === 0) return '';
    const s = this.strings.get(sid);
    if (s === undefined) throw new UnknownIdError('string', sid, `frame of stack ${stack}`);
    return s;
  }
}

/** Per-generation readers for a whole trace. */
export class StackTableReader {
  private readonly gens = new Map<number, GenerationStacks>();
  /** The generation's tables, created on first use. */
  generation(gen: number): GenerationStacks {
    let g = this.gens.get(gen);
    if (g === undefined) {
      g = new GenerationStacks(gen);
      this.gens.set(gen, g);
    }
    return g;
  }
  /** Drops a generation once the decoder has finished with it. */
  drop(gen: number): void {
    this.gens.delete(gen);
  }
}

function checkId(id: number, kind: 'string' | 'stack'): void {
  if (!Number.isSafeInteger(id) || id < 0) throw new IdRangeError(id, kind);
}
