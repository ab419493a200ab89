import { readFileSync } from 'node:fs';

/** Small shared helpers for decoder tests. */
export function hex(s: string): Uint8Array {
  const clean = s.replace(/[^0-9a-fA-F]/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export { concatBytes as concat } from '../src/wire/bytes.js';

/** Splits bytes into chunks of the given size (for streaming tests). */
export function* chunks(b: Uint8Array, size: number): Generator<Uint8Array> {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, Math.min(b.length, i + size));
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** The §17.2 example of wire-format.md: go122-syscall-steal-proc-simple in binary (104 bytes). */
export const STEAL_SIMPLE_BIN = hex(`
67 6f 20 31 2e 32 32 20 74 72 61 63 65 00 00 00
01 01 00 00 0f  0d 01 00 01  19 01 01 00 02  16 01 01 00  18 01
01 01 01 00 0e  0d 01 02 01  19 01 02 01 02  0c 01 00 02 00
01 01 ff ff ff ff ff ff ff ff ff 01 00 05  08 a8 d6 b9 07
01 01 ff ff ff ff ff ff ff ff ff 01 00 01  02
01 01 ff ff ff ff ff ff ff ff ff 01 00 01  04`);

export const STEAL_SIMPLE_TEXT = readFileSync(new URL('../../../fixtures/spec-examples/go122-steal-simple.txt', import.meta.url), 'utf8');

/** The §17.4 example: a complete version-26 trace (136 bytes). Text shared with the encoder's tests. */
export const V26_TEXT = readFileSync(new URL('../../../fixtures/spec-examples/v26-complete.txt', import.meta.url), 'utf8');

export const V26_BIN = hex(`
67 6f 20 31 2e 32 36 20 74 72 61 63 65 00 00 00
01 01 ff ff ff ff ff ff ff ff ff 01 63 10
32
08 a8 d6 b9 07
33 01 88 27 80 c3 bb c2 06 00
01 01 07 64 0d
0d 01 00 01
19 02 01 07 02
14 03 01 01
01 01 ff ff ff ff ff ff ff ff ff 01 6e 0b
02
03 01 01 80 a0 80 02 02 03 0a
01 01 ff ff ff ff ff ff ff ff ff 01 6f 20
04
05 01 06 73 65 6c 65 63 74
05 02 09 6d 61 69 6e 2e 6d 61 69 6e
05 03 07 6d 61 69 6e 2e 67 6f
34`);
