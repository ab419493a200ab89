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

  it('salvage mode: a clean reading unchanged, a broken one cut back to its last complete generation', () => {
    fc.assert(
      fc.property(fc.nat(traces.length - 1), fc.nat(), (i, cut) => {
        const bytes = traces[i]!.slice(0, 16 + (cut % (traces[i]!.length - 15)));
        let kept: string[];
        try {
          kept = [...new TraceReaderSync(bytes, { salvage: true })].map(String);
        } catch {
          return; // a cut inside the header: nothing to salvage, the header error is thrown
        }
        // Compared with the plain reading of the same bytes, not with the whole trace: before 1.26
        // a cut at a batch boundary reads cleanly, as a shorter last generation (whose Sync time,
        // the smallest batch time present, can differ from the whole trace's).
        const plain = dumpSync(bytes);
        if (!plain.at(-1)!.startsWith('ERROR ')) {
          expect(kept).to.deep.equal(plain);
          return;
        }
        const events = plain.slice(0, -1);
        // The closing Sync salvage adds has no clock snapshot, unlike an opening one.
        if (kept.length && / Sync /.test(kept.at(-1)!) && kept.at(-1) !== events[kept.length - 1]) kept.pop();
        expect(kept).to.deep.equal(events.slice(0, kept.length));
        // It stops at a generation boundary: the next event of the plain reading is a Sync, or the
        // kept events end with one.
        if (kept.length < events.length) {
          const atBoundary = / Sync /.test(events[kept.length]!) || / Sync /.test(kept.at(-1) ?? '');
          expect(atBoundary, `kept ${kept.length} events, stopping before: ${events[kept.length]}`).to.equal(true);
        }
      }),
      // Examples that once broke an older form of this test: annotations-go122 cut exactly after
      // its first generation (byte 4,230), idle-go125 cut after 67 bytes (a batch boundary inside
      // generation 1, so its Sync time differs from the whole trace's).
      { numRuns: 300, examples: [[0, 4230 - 16], [2, 67 - 16]] },
    );
  });
});
