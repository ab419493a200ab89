/**
 * The size limit of a JSON scenario. A scenario is parsed and held in memory whole, so its size
 * is checked before JSON.parse (and, by callers that read it in pieces, before buffering it).
 */
import { LimitExceededError } from '@gotrace/decoder';

/** Largest JSON description read by default (bytes of UTF-8): 256 MiB. */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;

/** The limit's name in errors (`LimitExceededError.limit`). */
export const JSON_SIZE_LIMIT = 'JSON description size';

/**
 * Throws when `bytes` (read so far, or in all) exceed `max`. The offset is where the limit is
 * crossed: the first byte beyond it.
 * @throws LimitExceededError
 */
export function checkJsonSize(bytes: number, max = MAX_JSON_BYTES): void {
  if (bytes > max) throw new LimitExceededError(JSON_SIZE_LIMIT, bytes, max, max, `${JSON_SIZE_LIMIT} ${bytes} exceeds the limit of ${max} (option maxJsonBytes)`);
}

/** UTF-8 length of a string, without encoding it (the check must not allocate what it bounds). */
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

/** `checkJsonSize` for text already in memory: counts its bytes only when they may be too many. */
export function checkJsonTextSize(text: string, max = MAX_JSON_BYTES): void {
  // Every UTF-16 unit is 1 to 3 bytes of UTF-8 (a pair of units is 4).
  if (text.length * 3 <= max) return;
  checkJsonSize(utf8Length(text), max);
}
