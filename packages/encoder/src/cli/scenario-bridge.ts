/** JSON scenario input for `encode`: the whole document is read (within a size limit) and encoded. */
import { checkJsonSize, encodeScenarioText, MAX_JSON_BYTES, type EncodeScenarioOptions } from '../scenario/index.js';
import { limitOption } from '@gotrace/decoder/format';

/**
 * Reads a JSON scenario in pieces and encodes it. The API checks the size of the whole document;
 * here the same limit is also checked while reading, so a huge input is refused before it is
 * buffered rather than after.
 */
export async function encodeScenarioFile(src: AsyncIterable<Uint8Array>, options: EncodeScenarioOptions): Promise<Uint8Array> {
  const max = limitOption('maxJsonBytes', options.maxJsonBytes, MAX_JSON_BYTES);
  const chunks: Uint8Array[] = [];
  let n = 0;
  for await (const c of src) {
    n += c.length;
    checkJsonSize(n, max);
    chunks.push(c);
  }
  return encodeScenarioText(Buffer.concat(chunks), options);
}
