/** Limits of the format, as the Go runtime and reader apply them (wire-format.md §18.9). */
import { describeValue } from '../internal/describe.js';

/** Largest batch payload Go's reader accepts (and the runtime's buffer size). */
export const MAX_BATCH_SIZE = 65536;
/** Frames per stack. */
export const MAX_FRAMES_PER_STACK = 128;
/** Longest string (bytes) in the string table. */
export const MAX_STRING_SIZE = 1024;
/** Bytes of a varint at most; also the width of the runtime's padded batch-length field. */
export const MAX_VARINT_BYTES = 10;
/** Header length for every supported version. */
export const HEADER_SIZE = 16;

/**
 * Limits of the ordered reader. The per-generation ones Go's reader lacks (it holds one generation
 * in memory whatever its size); ours bound memory against hostile input, with defaults far above
 * what real runtimes write (a busy second of tracing is a few tens of MB). The per-entry ones
 * default to Go's values, so a trace Go rejects is rejected with Go's message; raising them reads
 * traces from writers other than the runtime (whose tables Go's reader would refuse).
 */
export interface GenerationLimits {
  /** Bytes of one string-table entry. Default 1,024, as Go. */
  readonly maxStringSize?: number;
  /** Frames of one stack-table entry (stack depth). Default 128, as Go. */
  readonly maxFramesPerStack?: number;
  /** Bytes of batch payloads in one generation (bounds the generation held in memory). */
  readonly maxGenerationBytes?: number;
  /** String-table entries in one generation. */
  readonly maxStringsPerGeneration?: number;
  /** Stack-table entries in one generation. */
  readonly maxStacksPerGeneration?: number;
  /** Frames over all stacks of one generation. */
  readonly maxFramesPerGeneration?: number;
}

export const DEFAULT_GENERATION_LIMITS: Required<GenerationLimits> = {
  maxStringSize: MAX_STRING_SIZE,
  maxFramesPerStack: MAX_FRAMES_PER_STACK,
  maxGenerationBytes: 1 << 30,
  maxStringsPerGeneration: 1 << 22,
  maxStacksPerGeneration: 1 << 22,
  maxFramesPerGeneration: 1 << 26,
};

/**
 * The limits to apply: `limits` over the defaults. An option given as `undefined` keeps its
 * default (a plain spread would turn it into "no limit", since `n > undefined` is false).
 */
export function resolveGenerationLimits(limits: GenerationLimits = {}): Required<GenerationLimits> {
  const out: Record<string, number> = { ...DEFAULT_GENERATION_LIMITS };
  if (typeof limits !== 'object' || limits === null || Array.isArray(limits)) throw new TypeError(`option limits: expected an object, got ${describeValue(limits)}`);
  for (const [k, v] of Object.entries(limits)) {
    if (!(k in DEFAULT_GENERATION_LIMITS)) throw new RangeError(`unknown limit option ${k} (known: ${Object.keys(DEFAULT_GENERATION_LIMITS).join(', ')})`);
    out[k] = limitOption(`limits.${k}`, v as number | undefined, out[k]!);
  }
  return out as Required<GenerationLimits>;
}

/** Whether `v` can be a limit: a whole number ≥ 0 (what limitOption accepts besides undefined). */
export function isLimitValue(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/**
 * A limit option's value: the default when undefined, else a whole number ≥ 0 — anything else
 * (NaN, negative, fractional, not a number) is a RangeError, since `n > NaN` would turn the
 * limit off without a word.
 */
export function limitOption(name: string, value: number | undefined, dflt: number): number {
  if (value === undefined) return dflt;
  if (!isLimitValue(value)) {
    throw new RangeError(`option ${name} must be a whole number >= 0, got ${typeof value === 'number' ? value : typeof value}`);
  }
  return value;
}

/**
 * An options argument: undefined means every default; otherwise an object whose keys are all
 * known. Anything else is a TypeError; an unknown key (a misspelt option would silently do
 * nothing) is a RangeError that lists the known ones.
 */
export function checkOptionKeys<T extends object>(what: string, options: T | undefined, known: readonly string[]): T {
  if (options === undefined) return {} as T;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`${what}: expected an options object, got ${describeValue(options)}`);
  }
  for (const k of Object.keys(options)) {
    if (!known.includes(k)) throw new RangeError(`${what}: unknown option ${k} (known: ${known.join(', ')})`);
  }
  return options;
}
