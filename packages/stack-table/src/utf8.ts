/** UTF-8 helpers. Truncation is by bytes, like the runtime: it may split a multi-byte character. */
import { MAX_STRING_BYTES } from './frame.js';

const encoder = new TextEncoder();

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/** First MAX_STRING_BYTES bytes (ordinary strings; spec §18.4). */
export function keepFirst(b: Uint8Array, max = MAX_STRING_BYTES): Uint8Array {
  return b.length <= max ? b : b.subarray(0, max);
}

/** Last MAX_STRING_BYTES bytes (function and file names keep their informative end; spec §18.4). */
export function keepLast(b: Uint8Array, max = MAX_STRING_BYTES): Uint8Array {
  return b.length <= max ? b : b.subarray(b.length - max);
}
