/** Limits of the format, as the Go runtime and reader apply them (wire-format.md §18.9). */

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
 * Limits of the ordered reader per generation. Go's reader has none (it holds one generation in
 * memory whatever its size); ours bound memory against hostile input, with defaults far above
 * what real runtimes write (a busy second of tracing is a few tens of MB).
 */
export interface GenerationLimits {
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
  maxGenerationBytes: 1 << 30,
  maxStringsPerGeneration: 1 << 22,
  maxStacksPerGeneration: 1 << 22,
  maxFramesPerGeneration: 1 << 26,
};
