/**
 * The size limit of a JSON scenario. A scenario is parsed and held in memory whole, so its size
 * is checked before JSON.parse (and, by callers that read it in pieces, before buffering it).
 */
import { utf8Length } from '@gotrace/stack-table';
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

/** `checkJsonSize` for text already in memory: counts its bytes only when they may be too many. */
export function checkJsonTextSize(text: string, max = MAX_JSON_BYTES): void {
  // Every UTF-16 unit is 1 to 3 bytes of UTF-8 (a pair of units is 4).
  if (text.length * 3 <= max) return;
  checkJsonSize(utf8Length(text), max);
}
