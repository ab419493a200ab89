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

/** UTF-8 length of a string, counted without encoding it (length checks must not allocate what they bound). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4; // a surrogate pair: one code point above U+FFFF
      i++;
    } else n += 3; // the rest of the BMP, and a lone surrogate (encoded as U+FFFD)
  }
  return n;
}
