/**
 * One generation's stack table (spec §8, runtime behaviour §18.5): stacks are interned by their
 * PC sequence (two 32-bit words per PC in a typed-array hash table), IDs count from 1 in first-put
 * order, ID 0 means "no stack". A side table keyed by PC remembers each PC's frame, because Go's
 * reader keys frames by PC per generation: one PC must mean one func/file/line.
 *
 * Depth: at most MAX_FRAMES_PER_STACK (128) frames are kept — the innermost ones (the first 128,
 * as a Stack lists the leaf first), which is what the runtime keeps since it unwinds from the leaf.
 * A deeper stack therefore gets the same ID as its 128-frame prefix. An empty stack is ID 0.
 */
import { FrameConflictError, InvalidFrameError, StackTableError, U64RangeError } from './errors.js';
import { checkFrame, MAX_FRAMES_PER_STACK, type EncodedFrame, type Frame, type Stack } from './frame.js';
import { hashWords } from './hash.js';
import { NO_STACK, type StackId, type StringId } from './ids.js';
import { InternCore } from './intern-core.js';
import { PcIndex } from './pc-index.js';
import type { TableSink } from './sink.js';
import type { StringTable } from './string-table.js';
import type { Symbolizer } from './symbolizer.js';
import { toU64, u64FromHalves, type U64 } from './u64.js';

const TWO_32 = 4294967296;

export interface StackTableOptions {
  /** Needed for putPCs: resolves PCs that no put(frames) described, at dump time. */
  symbolize?: Symbolizer;
}

export class StackTable {
  private readonly symbolize: Symbolizer | undefined;
  /** Stack entries keyed by [hi, lo] words per PC. */
  private readonly stacks = new InternCore(256, 8192);
  /** PC → index into `frames`: the frame this PC means in this generation, once known. */
  private readonly pcIndex = new PcIndex(1024);
  private frames: Frame[] = [];
  /**
   * Only used once put(frames) is: per stack-arena PC position (keyStart/2 + i), the index + 1
   * of the frame on record for that PC (0 = not known yet). Lets a hit check its frames without
   * probing the PC index. Costs 4 bytes per stored PC.
   */
  private entryFrames: Int32Array | undefined;
  private readonly key = new Uint32Array(MAX_FRAMES_PER_STACK * 2);
  private readonly idxScratch = new Int32Array(MAX_FRAMES_PER_STACK);
  private readonly frameScratch: Frame[] = new Array<Frame>(MAX_FRAMES_PER_STACK);

  constructor(opts: StackTableOptions = {}) {
    this.symbolize = opts.symbolize;
  }

  /** Number of distinct stacks (= highest ID). */
  get size(): number {
    return this.stacks.size;
  }

  /**
   * Interns a stack given as frames (innermost first). Frames are validated and checked against
   * earlier frames with the same PC before anything is stored, so a failing put leaves the table
   * unchanged. A frame object identical (===) to the one on record for its PC skips re-checking.
   * The first frame object recorded for a PC is kept and frozen (Object.freeze).
   * @throws InvalidFrameError, FrameConflictError
   */
  put(stack: Stack): StackId {
    if (!Array.isArray(stack)) throw new InvalidFrameError('stack must be an array of frames');
    const n = Math.min(stack.length, MAX_FRAMES_PER_STACK);
    if (n === 0) return NO_STACK;
    const key = this.key;
    for (let i = 0; i < n; i++) {
      const f = stack[i];
      if (f === null || typeof f !== 'object') throw new InvalidFrameError(`frame ${i} is not an object`);
      const pc = f.pc;
      if (typeof pc === 'number' && pc >= 0 && pc <= Number.MAX_SAFE_INTEGER && Number.isInteger(pc)) {
        key[2 * i] = (pc / TWO_32) >>> 0;
        key[2 * i + 1] = pc >>> 0;
      } else {
        setPC(key, i, canonPC(pc));
      }
    }
    const len = n * 2;
    const h = hashWords(key, 0, len);
    let e = this.stacks.find(key, 0, len, h);
    const ef = this.entryFrames;
    const base = e >= 0 ? this.stacks.keyStart(e) >>> 1 : 0;
    if (e >= 0 && ef !== undefined && base + n <= ef.length) {
      // Hit fast path: frames on record for this entry, identical objects need no check.
      let i = 0;
      for (; i < n; i++) {
        const k = ef[base + i]! - 1;
        if (k < 0 || this.frames[k] !== stack[i]) break;
      }
      if (i === n) return (e + 1) as StackId;
    }
    // Check every frame against the frame on record for its PC (or, for PCs new to this
    // generation, against earlier frames of this stack) before changing anything.
    const idx = this.idxScratch;
    const fs = this.frameScratch;
    for (let i = 0; i < n; i++) {
      const f = stack[i]!;
      const k = this.pcIndex.get(key[2 * i]!, key[2 * i + 1]!);
      idx[i] = k;
      if (k >= 0) {
        const known = this.frames[k]!;
        if (known !== f && !sameFrame(known, checkFrame(f))) throw conflict(known, f);
        continue;
      }
      const g = checkFrame(f);
      fs[i] = g;
      for (let j = 0; j < i; j++) {
        if (idx[j]! < 0 && key[2 * j] === key[2 * i] && key[2 * j + 1] === key[2 * i + 1] && !sameFrame(fs[j]!, g)) {
          throw conflict(fs[j]!, g);
        }
      }
    }
    if (e < 0) e = this.stacks.insert(key, 0, len, h);
    const at = this.stacks.keyStart(e) >>> 1;
    const rec = this.entryFramesFor(at + n);
    for (let i = 0; i < n; i++) {
      let k = idx[i]!;
      if (k < 0) {
        k = this.pcIndex.get(key[2 * i]!, key[2 * i + 1]!); // an earlier frame of this stack may have added it
        if (k < 0) {
          k = this.frames.length;
          this.pcIndex.add(key[2 * i]!, key[2 * i + 1]!, k);
          // Frozen because the table keeps this object as the PC's frame and later compares
          // callers' frames to it by identity (Frame is readonly; this enforces it).
          this.frames.push(Object.isFrozen(fs[i]) ? fs[i]! : Object.freeze(fs[i]!));
        }
      }
      rec[at + i] = k + 1;
    }
    return (e + 1) as StackId;
  }

  /**
   * Interns a stack given as PCs (innermost first); frames come from the symbolizer at dump
   * time (or from a put(frames) of the same PC in this generation).
   * @throws InvalidFrameError for a PC that is not a u64; StackTableError without a symbolizer.
   */
  putPCs(pcs: ArrayLike<number | bigint>): StackId {
    if (this.symbolize === undefined) {
      throw new StackTableError('ERR_NO_SYMBOLIZER', 'putPCs needs a symbolizer (StackTableOptions.symbolize)');
    }
    const n = Math.min(pcs.length, MAX_FRAMES_PER_STACK);
    if (n === 0) return NO_STACK;
    const key = this.key;
    for (let i = 0; i < n; i++) {
      const pc = pcs[i]!;
      if (typeof pc === 'number' && pc >= 0 && pc <= Number.MAX_SAFE_INTEGER && Number.isInteger(pc)) {
        key[2 * i] = (pc / TWO_32) >>> 0;
        key[2 * i + 1] = pc >>> 0;
      } else {
        setPC(key, i, canonPC(pc));
      }
    }
    const len = n * 2;
    const h = hashWords(key, 0, len);
    const e = this.stacks.find(key, 0, len, h);
    return ((e >= 0 ? e : this.stacks.insert(key, 0, len, h)) + 1) as StackId;
  }

  /**
   * Emits every stack of the generation exactly once (in ID order), interning function and file
   * names into `strings` (last 1024 bytes), then calls sink.end('stacks') and resets the table.
   * PCs that no put(frames) described are symbolized here, once each.
   *
   * Relies on quiescence: the caller guarantees no put can run until this returns (in
   * GenerationTables that is the writer count of the generation being zero and the generation
   * sealed), so entries are walked as they are, without any guard against concurrent change.
   * If the symbolizer throws, the dump stops (records already emitted stay emitted) and the
   * table is not reset.
   */
  dump(sink: TableSink, strings: StringTable): void {
    let funcIds: Int32Array = new Int32Array(this.frames.length + 64).fill(-1);
    let fileIds: Int32Array = new Int32Array(funcIds.length);
    const keys = this.stacks.keys();
    for (let e = 0; e < this.stacks.size; e++) {
      const at = this.stacks.keyStart(e);
      const n = this.stacks.keyLength(e) >>> 1;
      const out: EncodedFrame[] = new Array<EncodedFrame>(n);
      for (let i = 0; i < n; i++) {
        const hi = keys[at + 2 * i]!;
        const lo = keys[at + 2 * i + 1]!;
        let k = this.pcIndex.get(hi, lo);
        if (k < 0) {
          k = this.frames.length;
          this.frames.push(this.resolve(u64FromHalves(hi, lo)));
          this.pcIndex.add(hi, lo, k);
          if (k >= funcIds.length) {
            funcIds = grownFilled(funcIds, -1);
            fileIds = grownFilled(fileIds, 0);
          }
        }
        const f = this.frames[k]!;
        if (funcIds[k] === -1) {
          funcIds[k] = strings.putName(f.func);
          fileIds[k] = strings.putName(f.file);
        }
        out[i] = { pc: f.pc, func: funcIds[k]! as StringId, file: fileIds[k]! as StringId, line: f.line };
      }
      sink.stack((e + 1) as StackId, out);
    }
    sink.end?.('stacks');
    this.reset();
  }

  /** Forgets every stack and PC; IDs restart at 1. Memory is kept for the next generation. */
  reset(): void {
    this.entryFrames?.fill(0);
    this.stacks.reset();
    this.pcIndex.reset();
    this.frames = [];
  }

  /** Bytes of typed-array memory in use or reserved (frame objects and names are not counted). */
  bytesUsed(): number {
    return this.stacks.bytesUsed() + this.pcIndex.bytesAllocated() + (this.entryFrames?.byteLength ?? 0);
  }

  private entryFramesFor(need: number): Int32Array {
    let ef = this.entryFrames;
    if (ef === undefined || ef.length < need) {
      const next = new Int32Array(Math.max(need, ef === undefined ? 8192 : ef.length * 2));
      if (ef !== undefined) next.set(ef);
      this.entryFrames = ef = next;
    }
    return ef;
  }

  private resolve(pc: U64): Frame {
    const info = this.symbolize!(pc);
    if (info === null || typeof info !== 'object') throw new InvalidFrameError(`symbolizer returned no frame for pc ${pc}`);
    return checkFrame({ pc, func: info.func, file: info.file, line: info.line as U64 });
  }
}

function grownFilled(a: Int32Array, fill: number): Int32Array {
  const b = new Int32Array(a.length * 2).fill(fill);
  b.set(a);
  return b;
}

function setPC(key: Uint32Array, i: number, pc: U64): void {
  if (typeof pc === 'number') {
    key[2 * i] = (pc / TWO_32) >>> 0;
    key[2 * i + 1] = pc >>> 0;
  } else {
    key[2 * i] = Number(pc >> 32n) >>> 0;
    key[2 * i + 1] = Number(pc & 0xffffffffn) >>> 0;
  }
}

function canonPC(pc: unknown): U64 {
  try {
    return toU64(pc as number | bigint, 'pc');
  } catch (e) {
    if (e instanceof U64RangeError) throw new InvalidFrameError(e.message);
    throw e;
  }
}

function sameFrame(a: Frame, b: Frame): boolean {
  return a === b || (a.line === b.line && a.func === b.func && a.file === b.file);
}

function conflict(known: Frame, got: Frame): FrameConflictError {
  return new FrameConflictError(
    known.pc,
    `pc ${known.pc} already means ${known.func} ${known.file}:${known.line} in this generation, got ${got.func} ${got.file}:${got.line}`,
  );
}
