/** 32-bit hashing of word sequences (murmur3-style mixing with Math.imul; no strings involved). */

export function hashWords(words: Uint32Array, start: number, len: number): number {
  let h = len ^ 0x9747b28c;
  for (let i = start, end = start + len; i < end; i++) {
    let k = Math.imul(words[i]!, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
