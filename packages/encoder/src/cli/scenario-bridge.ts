/** JSON scenario input for `encode`: the whole document is read (within a size limit) and encoded. */
import type { TraceVersion } from '@gotrace/decoder/format';
import { LimitExceededError } from '@gotrace/decoder';
import { encodeScenarioText } from '../scenario/index.js';

/** Largest JSON description `encode` reads (a scenario is held in memory whole). */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;

export async function encodeScenarioFile(
  src: AsyncIterable<Uint8Array>,
  options: { version?: TraceVersion; batchLength: 'padded' | 'minimal' },
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let n = 0;
  for await (const c of src) {
    n += c.length;
    if (n > MAX_JSON_BYTES) throw new LimitExceededError('JSON description size', n, MAX_JSON_BYTES, MAX_JSON_BYTES);
    chunks.push(c);
  }
  return encodeScenarioText(new TextDecoder().decode(Buffer.concat(chunks)), options);
}
