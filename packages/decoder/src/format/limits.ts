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
