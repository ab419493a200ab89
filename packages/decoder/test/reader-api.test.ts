/** The reader's API: sources, sync/async parity, event accessors, validation, salvage, spec vectors. */
import { expect } from 'chai';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { existsSync } from 'node:fs';
import { TraceReader, TraceReaderSync, openTrace, validateTrace, validateTraceSync, readTraceSync } from '../src/reader.js';
import { openTraceFile, validateTraceFile } from '../src/node.js';
import { TraceValidationError, goErrorMessage } from '../src/validation-error.js';
import type { TraceEvent } from '../src/event.js';
import { GoState } from '../src/states.js';
import { FIXTURES, readBytes } from './support/corpus.js';
import { checkerOutput } from './support/checker.js';
import { rng } from './support/corrupt.js';

const hex = (s: string): Uint8Array => new Uint8Array(s.match(/../g)!.map((b) => parseInt(b, 16)));
const lines = (bytes: Uint8Array): string[] => checkerOutput(bytes).trimEnd().split('\n');

// reader-semantics.md Appendix A.
const BUMP =
  '676f20312e32322074726163650000000101ffffffffffffffffff010106088094ebdc030101000a120d0100011901010002150102010014010000010101640d0d010101190102010214010000';
const CPU_ORDER =
  '676f20312e32322074726163650000000101ffffffffffffffffff010106088094ebdc0301010002090d01000119010100020101ffffffffffffffffff01011306070300000100070200000100070209090000';
const GEN_SKIP_126 =
  '676f20312e32362074726163650000000101ffffffffffffffffff01010c32088094ebdc03330105640001010002090d0100011901010002340105ffffffffffffffffff010a0c32088094ebdc0333010564000105000b040d01000134';

describe('reader: spec vectors (reader-semantics Appendix A)', () => {
  it('A.1 bump: a waiting unblock is delayed and its time bumped', () => {
    expect(lines(hex(BUMP))).to.deep.equal([
      'M=-1 P=-1 G=-1 Sync Time=1 N=1',
      'M=0 P=-1 G=-1 StateTransition Time=11 ProcID=0 Undetermined->Running Reason=""',
      'M=0 P=0 G=-1 StateTransition Time=12 GoID=1 Undetermined->Running Reason=""',
      'M=1 P=-1 G=-1 StateTransition Time=101 ProcID=1 Undetermined->Running Reason=""',
      'M=1 P=1 G=-1 StateTransition Time=102 GoID=2 Undetermined->Running Reason=""',
      'M=1 P=1 G=2 StateTransition Time=103 GoID=2 Running->Waiting Reason=""',
      'M=0 P=0 G=1 StateTransition Time=104 GoID=2 Waiting->Runnable Reason=""',
      'M=0 P=0 G=1 StateTransition Time=105 GoID=1 Running->Waiting Reason=""',
      'M=-1 P=-1 G=-1 Sync Time=106 N=2',
      'OK 9',
    ]);
  });
  it('A.2 cpu-order: samples sorted, strict < against the frontier, G 0 → −1', () => {
    expect(checkerOutput(hex(CPU_ORDER))).to.equal(
      [
        'M=-1 P=-1 G=-1 Sync Time=1 N=1',
        'M=0 P=0 G=1 StackSample Time=2\nStack=\n',
        'M=9 P=9 G=-1 StackSample Time=3\nStack=\n',
        'M=0 P=-1 G=-1 StateTransition Time=4 ProcID=0 Undetermined->Running Reason=""',
        'M=0 P=0 G=1 StackSample Time=5\nStack=\n',
        'M=0 P=0 G=-1 StateTransition Time=6 GoID=1 Undetermined->Running Reason=""',
        'M=-1 P=-1 G=-1 Sync Time=7 N=2',
        'OK 7',
        '',
      ].join('\n'),
    );
  });
  it('A.4 gen-skip-126: generations 1 then 5, state carried across', () => {
    expect(lines(hex(GEN_SKIP_126))).to.deep.equal([
      'M=-1 P=-1 G=-1 Sync Time=1 N=1 Trace=2 Mono=5 Wall=1970-01-01T00:01:40Z',
      'M=0 P=-1 G=-1 StateTransition Time=3 ProcID=0 Undetermined->Running Reason=""',
      'M=0 P=0 G=-1 StateTransition Time=4 GoID=1 Undetermined->Running Reason=""',
      'M=-1 P=-1 G=-1 Sync Time=10 N=2 Trace=11 Mono=5 Wall=1970-01-01T00:01:40Z',
      'M=0 P=0 G=1 StateTransition Time=12 ProcID=0 Running->Running Reason=""',
      'M=-1 P=-1 G=-1 Sync Time=13 N=3',
      'OK 6',
    ]);
    const cut = hex(GEN_SKIP_126.slice(0, -2));
    expect(lines(cut).slice(3)).to.deep.equal(['M=-1 P=-1 G=-1 Sync Time=5 N=2', 'ERROR: incomplete generation found; trace likely truncated']);
  });
  it('header only: < 1.26 fails with no frequency, 1.26 ends cleanly', () => {
    const h = (v: number): Uint8Array => new TextEncoder().encode(`go 1.${v} trace\0\0\0`);
    expect(lines(h(22))).to.deep.equal(['M=-1 P=-1 G=-1 Sync Time=1 N=1', 'ERROR: no frequency event found']);
    expect(lines(h(26))).to.deep.equal(['M=-1 P=-1 G=-1 Sync Time=1 N=1', 'OK 1']);
  });
});

const MIXED = join(FIXTURES, 'traces', 'mixed-go126.trace');
const MIXED22 = join(FIXTURES, 'traces', 'mixed-go122.trace');
const have = existsSync(MIXED) && existsSync(MIXED22);

function chunked(bytes: Uint8Array, seed: number, max: number): Uint8Array[] {
  const r = rng(seed);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + Math.floor(r() * max);
    out.push(bytes.slice(i, i + n));
    i += n;
  }
  return out;
}

async function asyncDump(r: TraceReader): Promise<string> {
  let s = '';
  for await (const ev of r) s += ev.toString() + '\n';
  return s;
}

(have ? describe : describe.skip)('reader: sources and sync/async parity', () => {
  it('async over random chunks, a Node Readable, a web ReadableStream and a file path equals sync', async () => {
    for (const f of [MIXED, MIXED22]) {
      const bytes = readBytes(f);
      const want = checkerOutput(bytes).replace(/OK \d+\n$/, '');
      expect(await asyncDump(new TraceReader(chunked(bytes, 3, 5000)))).to.equal(want);
      expect(await asyncDump(new TraceReader(Readable.from(chunked(bytes, 4, 70000))))).to.equal(want);
      const chunks = chunked(bytes, 5, 3000);
      const web = new ReadableStream<Uint8Array>({
        pull(c) {
          const x = chunks.shift();
          if (x) c.enqueue(x);
          else c.close();
        },
      });
      expect(await asyncDump(await openTrace(web))).to.equal(want);
      expect(await asyncDump(await openTraceFile(f))).to.equal(want);
    }
  });

  it('tiny chunks (1..7 bytes) still give the same events', async () => {
    const bytes = readBytes(join(FIXTURES, 'traces', 'annotations-go122.trace'));
    const want = checkerOutput(bytes).replace(/OK \d+\n$/, '');
    expect(await asyncDump(new TraceReader(chunked(bytes, 9, 7)))).to.equal(want);
  });

  it('validateTrace / validateTraceSync / validateTraceFile agree and report Go messages', async () => {
    const bytes = readBytes(MIXED);
    const a = validateTraceSync(bytes);
    const b = await validateTrace(chunked(bytes, 1, 10000));
    const c = await validateTraceFile(MIXED);
    expect(a.error).to.equal(undefined);
    expect(a.events).to.be.greaterThan(100);
    expect(b).to.deep.equal(a);
    expect(c).to.deep.equal(a);
    const cut = bytes.slice(0, Math.floor(bytes.length * 0.7));
    const d = validateTraceSync(cut);
    const e = await validateTrace(chunked(cut, 2, 999));
    expect(d.error).to.be.instanceOf(Error);
    expect(goErrorMessage(d.error)).to.equal(goErrorMessage(e.error));
    expect(d.events).to.equal(e.events);
  });

  it('errors carry generation, thread and offset', () => {
    const bytes = readBytes(MIXED22).slice();
    // Break the first GoStart-like ordering by flipping a byte late in the file until an ordering error shows.
    const r = validateTraceSync(hex(BUMP.replace('0d0d', '0d05')));
    void r;
    const bad = validateTraceSync(bytes.slice(0, bytes.length - 10));
    expect(bad.error).to.be.instanceOf(Error);
    const err = new TraceValidationError('x', 'msg', { generation: 3, thread: 7, offset: 99 });
    expect(err.message).to.equal('msg (at generation 3, thread 7, byte 99)');
    expect(err.goMessage).to.equal('msg');
  });
});

(have ? describe : describe.skip)('reader: event model', () => {
  const events: TraceEvent[] = have ? [...readTraceSync(readBytes(MIXED))] : [];

  it('every kind narrows to its accessor', () => {
    const kinds = new Set(events.map((e) => e.kind));
    for (const k of ['Sync', 'Metric', 'RangeBegin', 'RangeEnd', 'StateTransition', 'StackSample', 'Log', 'TaskBegin', 'RegionBegin'] as const) {
      expect(kinds.has(k), k).to.equal(true);
    }
    for (const e of events) {
      switch (e.kind) {
        case 'Sync':
          expect(e.sync.n).to.be.greaterThan(0);
          break;
        case 'Metric':
          expect(e.metric.name).to.include(':');
          break;
        case 'StateTransition': {
          const t = e.stateTransition;
          expect(t.resource.kind).to.be.oneOf(['Goroutine', 'Proc']);
          if (t.resource.kind === 'Goroutine') expect(t.to).to.not.equal(GoState.Undetermined);
          break;
        }
        case 'RangeEnd':
          expect(e.range.name).to.be.a('string');
          expect(e.rangeAttributes).to.be.an('array');
          break;
        case 'Log':
          expect(e.log.category).to.be.a('string');
          break;
        default:
          break;
      }
      expect(typeof e.time).to.equal('bigint');
    }
  });

  it('times are strictly increasing bigints; IDs use −1 sentinels', () => {
    for (let i = 1; i < events.length; i++) expect(events[i]!.time > events[i - 1]!.time).to.equal(true);
    const sync = events[0]!;
    expect([sync.thread, sync.proc, sync.goroutine]).to.deep.equal([-1, -1, -1]);
  });

  it('stacks resolve to frames; a Go 1.26 Sync has a clock snapshot', () => {
    const withStack = events.find((e) => e.stack && e.stack.length > 1)!;
    const f = withStack.stack![0]!;
    expect(f.func).to.be.a('string').and.not.equal('');
    expect(f.file).to.match(/\.go$/);
    expect(Number(f.line)).to.be.greaterThan(0);
    const s = events[0]!;
    if (s.kind !== 'Sync') throw new Error('first event must be a Sync');
    expect(s.sync.clockSnapshot).to.not.equal(undefined);
    expect(s.sync.clockSnapshot!.wallSec > 1_600_000_000n).to.equal(true);
  });

  it('accessors of another kind throw', () => {
    const st = events.find((e) => e.kind === 'StateTransition')!;
    expect(() => (st as unknown as { metric: unknown }).metric).to.throw(TypeError);
  });
});

(have ? describe : describe.skip)('reader: salvage mode', () => {
  it('keeps whole generations before the damage and reports the loss', async () => {
    for (const f of [MIXED, MIXED22]) {
      const bytes = readBytes(f);
      const full = [...readTraceSync(bytes)];
      const cut = bytes.slice(0, Math.floor(bytes.length * 0.6));
      const r = new TraceReaderSync(cut, { salvage: true });
      const kept = [...r];
      const rep = r.salvageReport!;
      expect(rep, f).to.not.equal(undefined);
      expect(rep.generationsKept).to.be.greaterThan(0);
      expect(rep.lostBytes).to.be.greaterThan(0).and.below(cut.length);
      // What is kept is a prefix of the intact reading, ending just before a generation's Sync.
      expect(kept.map(String)).to.deep.equal(full.slice(0, kept.length).map(String));
      expect(full[kept.length]!.kind).to.equal('Sync');
      const ar = new TraceReader(chunked(cut, 8, 4096), { salvage: true });
      const akept: string[] = [];
      for await (const ev of ar) akept.push(String(ev));
      expect(akept).to.deep.equal(kept.map(String));
      expect(ar.salvageReport!.lostBytes).to.equal(rep.lostBytes);
      expect(ar.salvageReport!.lostEvents).to.equal(rep.lostEvents);
      // An intact trace reads the same in salvage mode, with no report.
      const ok = new TraceReaderSync(bytes, { salvage: true });
      expect([...ok].length).to.equal(full.length);
      expect(ok.salvageReport).to.equal(undefined);
    }
  });
});

(have ? describe : describe.skip)('reader: eventToJSON', () => {
  it('gives every event a JSON-serialisable object with stable fields', async () => {
    const { eventToJSON } = await import('../src/event-json.js');
    for (const e of readTraceSync(readBytes(MIXED))) {
      const o = eventToJSON(e);
      expect(o.kind).to.equal(e.kind);
      expect(() => JSON.stringify(o)).to.not.throw();
      if (e.kind === 'StateTransition') expect(o).to.include.keys('resource', 'from', 'to', 'reason');
    }
  });
});
