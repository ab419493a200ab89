/** JSON scenario input for `encode`, delegated to the encoder's scenario module. */
import { UsageError } from './io.js';

const MAX_JSON_BYTES = 256 * 1024 * 1024;

export async function encodeScenarioFile(src: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let n = 0;
  for await (const c of src) {
    n += c.length;
    if (n > MAX_JSON_BYTES) throw new UsageError(`JSON description larger than ${MAX_JSON_BYTES} bytes`);
    chunks.push(c);
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks));
  const mod: { encodeScenarioText?: (t: string) => Uint8Array } = await import('../scenario/index.js' as string).catch(() => ({}));
  if (!mod.encodeScenarioText) throw new UsageError('JSON scenarios are not supported by this build');
  return mod.encodeScenarioText(text);
}
