/** Telling input formats apart by their first bytes. */
import { toChunkSource } from '@gotrace/decoder/wire';

export type InputFormat = 'binary' | 'text' | 'json';

const GO_PREFIX = [0x67, 0x6f, 0x20, 0x31, 0x2e]; // "go 1."

/** Classifies the start of an input: a binary trace header, JSON, or (anything else) text. */
export function detectFormat(head: Uint8Array): InputFormat {
  if (GO_PREFIX.every((b, i) => head[i] === b)) return 'binary';
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3; // UTF-8 BOM
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  if (head[i] === 0x7b /* { */) return 'json';
  return 'text';
}

/**
 * Reads the first chunk(s) of a source to classify it, and returns an iterable that replays them
 * followed by the rest, so nothing is read twice.
 */
export async function peek(source: AsyncIterable<Uint8Array>, want = 64): Promise<{ head: Uint8Array; replay: AsyncIterable<Uint8Array> }> {
  const it = toChunkSource(source) as AsyncIterator<Uint8Array>;
  const first: Uint8Array[] = [];
  let have = 0;
  let finished = false;
  while (have < want) {
    const r = await it.next();
    if (r.done) {
      finished = true;
      break;
    }
    first.push(r.value);
    have += r.value.length;
  }
  const head = new Uint8Array(have);
  let o = 0;
  for (const c of first) {
    head.set(c, o);
    o += c.length;
  }
  const replay = {
    async *[Symbol.asyncIterator]() {
      for (const c of first) yield c;
      if (finished) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    },
  };
  return { head, replay };
}
