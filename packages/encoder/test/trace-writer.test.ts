import { expect } from 'chai';
import { decodeRaw, iterateBatches, TRACE_VERSIONS, type Batch, type TraceVersion } from '@gotrace/decoder';
import { QuiescenceError } from '@gotrace/stack-table';
import { TraceWriter, TraceWriterError, encodeRaw } from '../src/index.js';
import { checkerOutput, readAll, st } from './support/read.js';
import { WRITER_CASES } from './support/writer-cases.js';

const NO_THREAD = 0xffff_ffff_ffff_ffffn;

function small(version: TraceVersion, opts: ConstructorParameters<typeof TraceWriter>[0] = {}): Uint8Array {
  const w = new TraceWriter({ version, frequency: 1_000_000_000, ...opts });
  w.declareProc(0, 'running', 7);
  w.declareGoroutine(1, 'running', 7);
  const t = w.thread(7);
  t.at(100).goCreate(2, st('main.worker', 20), st('main.main', 5));
  t.at(110).goBlock('select', st('main.main', 10));
  t.at(120).goStart(2);
  t.at(130).goUnblock(1);
  t.at(140).goDestroy();
  t.at(150).goStart(1);
  return w.finish();
}

function batches(bytes: Uint8Array): Batch[] {
  return [...iterateBatches(bytes)].filter((r): r is Batch => r.kind === 'batch');
}

describe('TraceWriter', () => {
  for (const version of TRACE_VERSIONS) {
    describe(`version ${version}`, () => {
      it('writes a trace our wire reader and our ordered reader accept', () => {
        const bytes = small(version);
        const raw = decodeRaw(bytes);
        expect(raw.version).to.equal(version);
        const out = checkerOutput(bytes);
        expect(out).to.match(/OK \d+\n$/);
        expect(out).to.contain('GoID=2 NotExist->Runnable');
        expect(out).to.contain('GoID=1 Running->Waiting Reason="select"');
        expect(out).to.contain('main.worker @ 0x401050');
      });

      it('fills in sequence numbers, status events and timestamp deltas', () => {
        const names = decodeRaw(small(version)).events.map((e) => `${e.name}${e.name === 'GoStart' || e.name === 'GoUnblock' ? ` g=${e.args[1]} seq=${e.args[2]}` : ''}`);
        const i = names.indexOf('ProcStatus');
        expect(names.slice(i, i + 3)).to.deep.equal(['ProcStatus', 'GoStatus', 'GoCreate']);
        expect(names).to.include('GoStart g=2 seq=1');
        expect(names).to.include('GoUnblock g=1 seq=1');
        expect(names).to.include('GoStart g=1 seq=2');
        const ev = decodeRaw(small(version)).events;
        const batch = ev.find((e) => e.name === 'EventBatch' && e.args[1] === 7)!;
        expect(batch.args[2]).to.equal(100); // header time = first event
        const create = ev.find((e) => e.name === 'GoCreate')!;
        const block = ev.find((e) => e.name === 'GoBlock')!;
        expect(create.args[0]).to.equal(0);
        expect(block.args[0]).to.equal(10);
      });

      it('writes the frequency / sync batch and the end-of-generation marker of the version', () => {
        const raw = decodeRaw(small(version)).events.map((e) => e.name);
        if (version >= 25) expect(raw).to.include.members(['Sync', 'ClockSnapshot']);
        else expect(raw).not.to.include('Sync');
        expect(raw).to.include('Frequency');
        expect(raw.includes('EndOfGeneration')).to.equal(version === 26);
      });

      it('pads batch lengths like the runtime by default, minimal on request', () => {
        for (const b of batches(small(version))) expect(b.lengthWidth).to.equal(10);
        for (const b of batches(small(version, { batchLength: 'minimal' }))) expect(b.lengthWidth).to.equal(1);
        expect(checkerOutput(small(version, { batchLength: 'minimal' }))).to.match(/OK \d+\n$/);
      });

      it('re-encodes byte-identically through the raw reader and RawEncoder', () => {
        for (const batchLength of ['padded', 'minimal'] as const) {
          const bytes = small(version, { batchLength });
          expect(Buffer.from(encodeRaw(decodeRaw(bytes)))).to.deep.equal(Buffer.from(bytes));
        }
      });
    });
  }

  it('splits a thread\'s events into batches of at most 64 KiB (runtime limit 65 504 with header)', () => {
    const w = new TraceWriter({ generationPeriod: false });
    w.declareProc(0, 'running', 3);
    w.declareGoroutine(1, 'running', 3);
    const t = w.thread(3);
    let time = 1000;
    for (let i = 0; i < 60_000; i++) t.at((time += 1_000_003)).heapAlloc(123_456_789 + i);
    const bytes = w.finish();
    const bs = batches(bytes).filter((b) => b.m === 3);
    expect(bs.length).to.be.greaterThan(5);
    bs.forEach((b, i) => {
      const total = b.dataOffset - b.offset + b.data.length;
      expect(total).to.be.at.most(65_504);
      if (i < bs.length - 1) expect(b.data.length).to.be.greaterThan(65_400);
    });
    const n = readAll(bytes).filter((e) => e.kind === 'Metric').length;
    expect(n).to.equal(60_000);
  });

  it('advances generations: numbers, tables restart, statuses re-described, 26 markers', () => {
    const w = new TraceWriter({ version: 26, firstGeneration: 3 });
    w.declareProc(0, 'running', 1);
    w.declareGoroutine(1, 'running', 1);
    w.declareGoroutine(2, 'waiting');
    const t = w.thread(1);
    t.at(10).goBlock('sleep', st('time.Sleep', 1));
    w.advanceGeneration();
    expect(w.generation).to.equal(4);
    t.at(20).goUnblock(2, st('time.Sleep', 1));
    t.at(30).goStart(2);
    w.advanceGeneration(100);
    t.at(110).goStop('preempted', st('main.loop', 2));
    const bytes = w.finish();
    const raw = decodeRaw(bytes).events;
    const gens = raw.filter((e) => e.name === 'EventBatch').map((e) => e.args[0]);
    expect([...new Set(gens)]).to.deep.equal([3, 4, 5]);
    expect(raw.filter((e) => e.name === 'EndOfGeneration')).to.have.length(3);
    // Each generation defines its own stack 1 and string 1.
    expect(raw.filter((e) => e.name === 'Stack' && e.args[0] === 1)).to.have.length(3);
    // Goroutine 1 (waiting, not mentioned in generation 4) gets its status in the NoThread batch.
    const g4 = raw.slice(raw.findIndex((e) => e.name === 'EventBatch' && e.args[0] === 4));
    const statusBatch = g4.findIndex((e, i) => e.name === 'EventBatch' && e.args[1] === NO_THREAD && (g4[i + 1]?.name === 'GoStatus' || g4[i + 1]?.name === 'GoStatusStack'));
    expect(statusBatch).to.be.greaterThan(0);
    expect(g4[statusBatch + 1]!.args[1]).to.equal(1);
    expect(checkerOutput(bytes)).to.match(/OK \d+\n$/);
  });

  it('advances automatically by elapsed time and by size', () => {
    const byTime = new TraceWriter({ frequency: 1000, generationPeriod: 1000 });
    byTime.declareProc(0, 'running', 1);
    const t = byTime.thread(1);
    for (let i = 0; i < 10; i++) t.at(i * 500).heapGoal(i);
    expect(byTime.generation).to.equal(5);
    expect(checkerOutput(byTime.finish())).to.match(/OK \d+\n$/);

    const bySize = new TraceWriter({ generationBytes: 100_000, generationPeriod: false });
    bySize.declareProc(0, 'running', 1);
    const u = bySize.thread(1);
    for (let i = 0; i < 100_000; i++) u.at(i * 10).heapAlloc(1_000_000 + i);
    expect(bySize.generation).to.be.greaterThan(1);
    expect(checkerOutput(bySize.finish())).to.match(/OK 100\d{3}\n$/);
  });

  it('interns stacks and strings per generation through the stack table', () => {
    const w = new TraceWriter();
    w.declareProc(0, 'running', 1);
    w.declareGoroutine(1, 'running', 1);
    const t = w.thread(1);
    for (let i = 0; i < 5; i++) {
      t.at(10 + i * 10).regionBegin(0, 'r', st('main.f', 1));
      t.at(15 + i * 10).regionEnd(0, 'r', st('main.f', 1));
    }
    const raw = decodeRaw(w.finish()).events;
    expect(raw.filter((e) => e.name === 'Stack')).to.have.length(1);
    expect(raw.filter((e) => e.name === 'String').map((e) => new TextDecoder().decode(e.data))).to.deep.equal(['r', 'main.f', 'main.go']);
  });

  it('keeps generations quiescent: a table handle held by someone else blocks the dump', () => {
    const w = new TraceWriter();
    w.declareProc(0, 'running', 1);
    w.thread(1).at(5).heapAlloc(1);
    const foreign = w.tables.acquire(1);
    expect(() => w.advanceGeneration()).to.throw(QuiescenceError);
    foreign.release();
  });

  it('writes CPU samples and experimental events', () => {
    const w = new TraceWriter({ version: 26 });
    w.declareProc(0, 'running', 1);
    w.declareGoroutine(1, 'running', 1);
    const t = w.thread(1);
    t.at(100).experimental('SpanAlloc', 5, 1, 2);
    w.cpuSample(150, 1, st('main.hot', 9), 0, 1);
    t.at(200).experimental('HeapObjectFree', 9);
    const evs = readAll(w.finish());
    expect(evs.filter((e) => e.kind === 'StackSample')).to.have.length(1);
    expect(evs.filter((e) => e.kind === 'Experimental').map((e) => e.experimental.name)).to.deep.equal(['SpanAlloc', 'HeapObjectFree']);
  });

  it('describes waiting goroutines with GoStatusStack (≥ 23) when a generation ends', () => {
    for (const version of TRACE_VERSIONS) {
      const w = new TraceWriter({ version });
      w.declareProc(0, 'running', 1);
      w.declareGoroutine(1, 'running', 1);
      const t = w.thread(1);
      t.at(10).goCreate(2);
      t.at(20).goBlock('select', st('main.wait', 7));
      t.at(30).goStart(2);
      w.advanceGeneration();
      t.at(40).heapAlloc(1);
      const bytes = w.finish();
      const names = decodeRaw(bytes).events.map((e) => e.name);
      expect(names.includes('GoStatusStack'), `v${version}`).to.equal(version >= 23);
      const out = checkerOutput(bytes);
      expect(out).to.match(/OK \d+\n$/);
      if (version >= 23) expect(out).to.match(/GoID=1 Waiting->Waiting Reason=""\nTransitionStack=\n\tmain.wait @ /);
    }
  });

  it('writes experimental batches (≥ 23) that reach the Sync event', () => {
    const w = new TraceWriter({ version: 25 });
    w.declareProc(0, 'running', 1);
    w.thread(1).at(5).heapAlloc(1);
    w.experimentalBatch(1, Uint8Array.of(1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x18, 0x80, 0x40, 8, 0x80, 0x10));
    const bytes = w.finish();
    expect(batches(bytes).filter((b) => b.experimental && b.exp === 1)).to.have.length(1);
    const sync = readAll(bytes).find((e) => e.kind === 'Sync')!;
    expect(sync.sync.experimentalBatches?.get('AllocFree')).to.have.length(1);
    expect(() => new TraceWriter({ version: 22 }).experimentalBatch(1, new Uint8Array(1))).to.throw(TraceWriterError);
  });

  it('handles goroutines and procs already in a syscall when tracing starts (stolen in a later generation)', () => {
    for (const version of TRACE_VERSIONS) {
      for (const variant of [0, 1, 2]) {
        const w = new TraceWriter({ version, frequency: 1e9 });
        w.declareProc(0, 'syscall', 1);
        w.declareGoroutine(1, 'syscall', 1);
        w.declareProc(1, 'running', 3);
        w.declareGoroutine(2, 'running', 3);
        const a = w.thread(1);
        const b = w.thread(2);
        if (variant === 1) {
          w.thread(3).at(5).heapAlloc(1);
          w.advanceGeneration(10);
        }
        if (variant === 2) {
          a.at(5).goSyscallEnd();
          a.at(6).goSyscallBegin();
          w.advanceGeneration(10);
        }
        b.at(20).procSteal(0, 1);
        b.at(30).procStart(0);
        a.at(40).goSyscallEndBlocked();
        b.at(50).goStart(1);
        w.advanceGeneration(60);
        b.at(70).goBlock('x');
        const out = checkerOutput(w.finish());
        expect(out, `v${version} variant ${variant}`).to.match(/OK \d+\n$/);
        expect(out).to.contain('GoID=1 Runnable->Running');
      }
    }
  });

  it('refuses events the version does not have, and use after finish', () => {
    const w = new TraceWriter({ version: 22 });
    w.declareProc(0, 'running', 1);
    w.declareGoroutine(1, 'running', 1);
    expect(() => w.thread(1).at(1).goCreateBlocked(2)).to.throw(TraceWriterError, /not available in trace version 22/);
    expect(() => w.thread(1).at(1).goSwitch(2)).to.throw(TraceWriterError);
    w.finish();
    expect(() => w.thread(1).at(2).goStop()).to.throw(TraceWriterError, /finished/);
    expect(() => new TraceWriter({ version: 24 as TraceVersion })).to.throw(TraceWriterError);
  });

  it('streams output through the output callback', () => {
    const chunks: Uint8Array[] = [];
    const w = new TraceWriter({ output: (c) => chunks.push(c) });
    w.declareProc(0, 'running', 1);
    w.thread(1).at(1).heapAlloc(1);
    w.advanceGeneration();
    const n = chunks.length;
    w.thread(1).at(2).heapAlloc(2);
    expect(w.finish()).to.have.length(0);
    expect(chunks.length).to.be.greaterThan(n);
    expect(checkerOutput(Buffer.concat(chunks))).to.match(/OK \d+\n$/);
  });

  it('reads times from a clock when one is given', () => {
    let now = 1000;
    const w = new TraceWriter({ clock: () => (now += 7) });
    w.declareProc(0, 'running', 1);
    w.declareGoroutine(1, 'running', 1);
    w.thread(1).goBlock('sleep');
    const ev = decodeRaw(w.finish()).events.find((e) => e.name === 'EventBatch' && e.args[1] === 1)!;
    expect(ev.args[2]).to.equal(1014); // 1007 was read when the generation started
    const m = new TraceWriter({ clock: 'monotonic' });
    m.declareProc(0, 'running', 1);
    m.thread(1).heapAlloc(5);
    expect(checkerOutput(m.finish())).to.match(/OK \d+\n$/);
  });

  it('lets a thread release its generation hold (thread exit)', () => {
    const w = new TraceWriter();
    w.declareProc(0, 'running', 1);
    const t = w.thread(1);
    t.at(1).heapAlloc(1);
    t.release();
    expect(w.tables.activeWriters(1)).to.equal(1); // only the writer's own handle
    t.at(2).heapAlloc(2);
    expect(checkerOutput(w.finish())).to.match(/OK \d+\n$/);
  });
});

describe('TraceWriter: less common paths read back cleanly', () => {
  for (const c of WRITER_CASES) {
    it(c.name, () => {
      expect(checkerOutput(c.build())).to.match(/\nOK \d+\n$/);
    });
  }
});
