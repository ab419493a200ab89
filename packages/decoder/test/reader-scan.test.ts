/**
 * The allocation-free reading API (scan, readEventView): the same events as readEvent — checked
 * against Go's golden output for every fixture, and against readEvent on Go's conformance tests
 * and on corrupted traces, where the errors come out of the fast path — plus the reuse contract.
 */
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { TraceReader, TraceReaderSync } from '../src/reader.js';
import { LimitExceededError } from '../src/errors.js';
import { goErrorMessage } from '../src/validation-error.js';
import type { TraceEvent } from '../src/event.js';
import { parseText } from '../src/text/index.js';
import { parseConformanceTest } from '../src/text/txtar.js';
import { encodeRaw } from '../../encoder/src/wire-writer.js';
import { checkerOutput } from './support/checker.js';
import { FIXTURES, listFiles, readBytes, xexpTestdata } from './support/corpus.js';
import { variants } from './support/corrupt.js';

/** checkerOutput, but through scan(). */
function scanOutput(bytes: Uint8Array): string {
  let out = '';
  try {
    const n = new TraceReaderSync(bytes).scan((ev) => {
      out += ev.toString() + '\n';
    });
    return out + `OK ${n}\n`;
  } catch (e) {
    return out + `ERROR: ${goErrorMessage(e)}\n`;
  }
}

/** The same through the async reader's scan() over a stream of small chunks. */
async function asyncScanOutput(bytes: Uint8Array, chunk: number): Promise<string> {
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  }
  let out = '';
  try {
    const n = await new TraceReader(chunks()).scan((ev) => {
      out += ev.toString() + '\n';
    });
    return out + `OK ${n}\n`;
  } catch (e) {
    return out + `ERROR: ${goErrorMessage(e)}\n`;
  }
}

const traces = listFiles(join(FIXTURES, 'traces'), '.trace').filter((f) => existsSync(f.replace(/\.trace$/, '.parsed.txt')));

describe('reader: scan() gives exactly Go’s events (fixtures)', () => {
  for (const f of traces) {
    it(basename(f), async () => {
      const want = readFileSync(f.replace(/\.trace$/, '.parsed.txt'), 'utf8');
      const bytes = readBytes(f);
      expect(scanOutput(bytes)).to.equal(want);
      expect(await asyncScanOutput(bytes, 65536 + 17)).to.equal(want);
    });
  }
});

describe('reader: scan() agrees with readEvent() on errors', () => {
  const dir = xexpTestdata();
  const tests = dir ? listFiles(join(dir, 'tests'), '.test') : [];
  it(`Go's conformance tests (${tests.length})`, () => {
    expect(tests.length).to.be.greaterThan(0);
    for (const f of tests) {
      const bytes = encodeRaw(parseText(parseConformanceTest(readFileSync(f, 'utf8')).trace), { batchLength: 'minimal' });
      expect(scanOutput(bytes), basename(f)).to.equal(checkerOutput(bytes));
    }
  });
  it('corrupted fixtures through the async scan() over small chunks', async () => {
    for (const f of traces.slice(0, 3)) {
      for (const v of variants(readBytes(f), 11, 15)) {
        expect(await asyncScanOutput(v.bytes, 4093), `${basename(f)}: ${v.name}`).to.equal(checkerOutput(v.bytes));
      }
    }
  });
  it('corrupted fixtures (truncated, flipped, dropped and duplicated batches, …)', () => {
    let errors = 0;
    for (const f of traces.slice(0, 6)) {
      for (const v of variants(readBytes(f), 7, 25)) {
        const want = checkerOutput(v.bytes);
        if (want.includes('\nERROR: ') || want.startsWith('ERROR: ')) errors++;
        expect(scanOutput(v.bytes), `${basename(f)}: ${v.name}`).to.equal(want);
      }
    }
    expect(errors).to.be.greaterThan(20); // the variants do exercise the error paths
  });
});

describe('reader: reused records', () => {
  const bytes = readBytes(join(FIXTURES, 'traces', 'mixed-go126.trace'));

  it('readEventView: Go’s events, from a few rotating records; clone() keeps an event', () => {
    const r = new TraceReaderSync(bytes);
    const objects = new Set<TraceEvent>();
    const kept: [TraceEvent, string][] = [];
    let out = '';
    let n = 0;
    for (let ev = r.readEventView(); ev !== null; ev = r.readEventView()) {
      objects.add(ev);
      out += ev.toString() + '\n';
      if (n++ % 97 === 0) kept.push([ev.clone(), ev.toString()]);
    }
    expect(out).to.equal(checkerOutput(bytes).replace(/OK \d+\n$/, ''));
    // Records in rotation (the queue ring, one per thread cursor, Syncs), not one object per event.
    expect(n).to.be.greaterThan(1000);
    expect(objects.size).to.be.lessThan(n / 20);
    // The clones still print what their records printed when taken, long after the records were reused.
    for (const [ev, s] of kept) expect(ev.toString()).to.equal(s);
  });

  it('a reused record is overwritten later (so clone() is needed to keep one)', () => {
    const r = new TraceReaderSync(bytes);
    const first: TraceEvent[] = [];
    const printed: string[] = [];
    for (let i = 0; i < 200; i++) {
      const ev = r.readEventView()!;
      first.push(ev);
      printed.push(ev.toString());
    }
    expect(first.filter((ev, i) => ev.toString() !== printed[i]).length).to.be.greaterThan(100);
  });

  it('a visitor that throws stops scan() with its own error, untouched', () => {
    const boom = new Error('visitor');
    let seen = 0;
    expect(() =>
      new TraceReaderSync(bytes).scan(() => {
        if (++seen === 10) throw boom;
      }),
    ).to.throw(boom);
    expect(seen).to.equal(10);
  });

  it('readEvent() events stay valid while reading on', () => {
    const r = new TraceReaderSync(bytes);
    const all: TraceEvent[] = [];
    for (let ev = r.readEvent(); ev !== null; ev = r.readEvent()) all.push(ev);
    expect(all.map((e) => e.toString() + '\n').join('')).to.equal(checkerOutput(bytes).replace(/OK \d+\n$/, ''));
  });

  it('scan in salvage mode delivers what readEvent delivers', () => {
    const cut = bytes.subarray(0, Math.floor(bytes.length * 0.8));
    const a: string[] = [];
    const r = new TraceReaderSync(cut, { salvage: true });
    for (let ev = r.readEvent(); ev !== null; ev = r.readEvent()) a.push(ev.toString());
    const b: string[] = [];
    const s = new TraceReaderSync(cut, { salvage: true });
    const n = s.scan((ev) => b.push(ev.toString()));
    expect(b).to.deep.equal(a);
    expect(n).to.equal(a.length);
    expect(s.salvageReport).to.deep.equal(r.salvageReport);
  });
});

describe('reader: maxBatchSize option', () => {
  const bytes = readBytes(join(FIXTURES, 'traces', 'mixed-go126.trace'));
  it('a lowered limit refuses the first larger batch with a named LimitExceededError (sync and async)', async () => {
    const check = (e: unknown): void => {
      expect(e).to.be.instanceOf(LimitExceededError);
      expect((e as LimitExceededError).limit).to.equal('batch size');
      expect((e as LimitExceededError).max).to.equal(100);
      expect((e as LimitExceededError).message).to.match(/maximum is 100/);
    };
    try {
      new TraceReaderSync(bytes, { maxBatchSize: 100 }).scan(() => {});
      expect.fail('accepted');
    } catch (e) {
      check(e);
    }
    try {
      await new TraceReader([bytes], { maxBatchSize: 100 }).scan(() => {});
      expect.fail('accepted');
    } catch (e) {
      check(e);
    }
  });
  it('the default (Go’s 65,536) and a raised limit read the trace', async () => {
    const n = new TraceReaderSync(bytes).scan(() => {});
    expect(new TraceReaderSync(bytes, { maxBatchSize: 1 << 20 }).scan(() => {})).to.equal(n);
    expect(await new TraceReader([bytes], { maxBatchSize: 1 << 20 }).scan(() => {})).to.equal(n);
  });
});
