/**
 * Frames and stacks as the tables and the decoder share them. A Stack lists the innermost
 * (leaf, most recent call) frame first, exactly as Go writes it (spec §8.1).
 */
import type { StringId } from './ids.js';
import { InvalidFrameError, U64RangeError } from './errors.js';
import { toU64, type U64 } from './u64.js';

/** Frames per stack, runtime cap and reader limit (`MaxFramesPerStack`). */
export const MAX_FRAMES_PER_STACK = 128;
/** Longest string the runtime writes / the reader accepts (`MaxEventTrailerDataSize`). */
export const MAX_STRING_BYTES = 1024;

export interface Frame {
  readonly pc: U64;
  readonly func: string;
  readonly file: string;
  readonly line: U64;
}

/** Innermost frame first. */
export type Stack = readonly Frame[];

/** A frame as it travels on the wire: names replaced by string IDs of the same generation. */
export interface EncodedFrame {
  pc: U64;
  func: StringId;
  file: StringId;
  line: U64;
}

/**
 * Builds a validated, canonical frame (pc/line canonicalised to U64).
 * @throws InvalidFrameError on a bad pc/line/func/file.
 */
export function frame(pc: number | bigint, func: string, file: string, line: number | bigint): Frame {
  return checkFrame({ pc, func, file, line } as Frame);
}

/** Validates one frame and returns it in canonical form (the same object when already canonical). */
export function checkFrame(f: Frame): Frame {
  if (f === null || typeof f !== 'object') throw new InvalidFrameError(`frame is not an object: ${String(f)}`);
  let pc: U64;
  let line: U64;
  try {
    pc = toU64(f.pc, 'pc');
    line = toU64(f.line, 'line');
  } catch (e) {
    if (e instanceof U64RangeError) throw new InvalidFrameError(e.message);
    throw e;
  }
  if (typeof f.func !== 'string') throw new InvalidFrameError(`func is not a string: ${String(f.func)}`);
  if (typeof f.file !== 'string') throw new InvalidFrameError(`file is not a string: ${String(f.file)}`);
  if (pc === f.pc && line === f.line) return f;
  return { pc, func: f.func, file: f.file, line };
}

export function framesEqual(a: Frame, b: Frame): boolean {
  return a.pc === b.pc && a.line === b.line && a.func === b.func && a.file === b.file;
}

export function stacksEqual(a: Stack, b: Stack): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!framesEqual(a[i]!, b[i]!)) return false;
  return true;
}
