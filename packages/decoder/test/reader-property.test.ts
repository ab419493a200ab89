/** Properties of the reader over real traces: chunking never matters; salvage keeps a clean prefix. */
import { expect } from 'chai';
import fc from 'fast-check';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TraceReader, TraceReaderSync } from '../src/reader.js';
import { FIXTURES, readBytes } from './support/corpus.js';

const FILES = ['annotations-go122.trace', 'cpu-go126.trace', 'idle-go125.trace'].map((f) => join(FIXTURES, 'traces', f)).filter(existsSync);

function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const pts = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of pts) {
    out.push(bytes.slice(prev, p));
    prev = p;
  }
  out.push(bytes.slice(prev));
  return out;
}

async function dumpAsync(r: TraceReader): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const ev of r) out.push(String(ev));
  } catch (e) {
    out.push(`ERROR ${(e as { goMessage?: string }).goMessage}`);
  }
  return out;
}

function dumpSync(bytes: Uint8Array): string[] {
  const out: string[] = [];
  try {
    for (const ev of new TraceReaderSync(bytes)) out.push(String(ev));
  } catch (e) {
    out.push(`ERROR ${(e as { goMessage?: string }).goMessage}`);
  }
  return out;
}

(FILES.length ? describe : describe.skip)('reader properties (fast-check)', () => {
  const traces = FILES.map(readBytes);
  const full = traces.map(dumpSync);

  it('any chunking of the input (even cut traces) gives the sync reader’s events and error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(traces.length - 1), fc.array(fc.nat(), { maxLength: 40 }), fc.option(fc.nat()), async (i, cuts, cut) => {
        const bytes = cut === null ? traces[i]! : traces[i]!.slice(0, cut % (traces[i]!.length + 1));
        const want = cut === null ? full[i]! : dumpSync(bytes);
        expect(await dumpAsync(new TraceReader(splitAt(bytes, cuts)))).to.deep.equal(want);
      }),
      { numRuns: 25 },
    );
  });

  it('salvage mode keeps a prefix of the intact reading that ends before a Sync', () => {
    fc.assert(
      fc.property(fc.nat(traces.length - 1), fc.nat(), (i, cut) => {
        const bytes = traces[i]!.slice(0, 16 + (cut % (traces[i]!.length - 15)));
        let kept: string[];
        try {
          kept = [...new TraceReaderSync(bytes, { salvage: true })].map(String);
        } catch {
          return; // a cut inside the header: nothing to salvage, the header error is thrown
        }
        // A cut exactly at a generation boundary reads cleanly: its closing Sync carries no clock.
        if (kept.length && / Sync /.test(kept.at(-1)!) && kept.at(-1) !== full[i]![kept.length - 1]) kept.pop();
        expect(kept).to.deep.equal(full[i]!.slice(0, kept.length));
        // It stops at a generation boundary: the next event of the intact reading is a Sync, or the
        // kept events end with one (a pre-1.26 trace cut right after a generation reads cleanly, and
        // its closing Sync prints like the next generation's opening one: no clock before 1.26).
        if (kept.length < full[i]!.length) {
          const atBoundary = / Sync /.test(full[i]![kept.length]!) || / Sync /.test(kept.at(-1) ?? '');
          expect(atBoundary, `kept ${kept.length} events, stopping before: ${full[i]![kept.length]}`).to.equal(true);
        }
      }),
      // The example: annotations-go122 cut exactly after its first generation (byte 4,230).
      { numRuns: 60, examples: [[0, 4230 - 16]] },
    );
  });
});
