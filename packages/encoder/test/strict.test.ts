/**
 * Strict mode: every rule has a bad call that throws StrictModeError naming the rule, the event,
 * the thread and the goroutine/proc. Where Go's reader rejects the same call, writing it with
 * strict mode off produces a trace our (Go-equivalent) ordered reader rejects, which shows the
 * rule guards a real failure.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TraceWriter, StrictModeError, STRICT_RULES, type StrictRule, type ThreadWriter } from '../src/index.js';
import { checkerOutput, st } from './support/read.js';

interface Case {
  rule: StrictRule;
  what: string;
  run: (w: TraceWriter, t: ThreadWriter, u: ThreadWriter) => void;
  /** Fields the error must carry. */
  names?: { m?: number; g?: number; p?: number };
  /** Go's reader also rejects (checked with strict mode off). */
  goRejects: boolean;
}

function world(strict: boolean): [TraceWriter, ThreadWriter, ThreadWriter] {
  const w = new TraceWriter({ strict, frequency: 1_000_000_000 });
  w.declareProc(0, 'running', 1);
  w.declareProc(1, 'idle');
  w.declareGoroutine(1, 'running', 1);
  w.declareGoroutine(2, 'runnable');
  w.declareGoroutine(3, 'waiting');
  return [w, w.thread(1).at(100), w.thread(2).at(100)];
}

const CASES: Case[] = [
  { rule: 'time-backwards', what: 'a time going backwards', run: (_w, t) => { t.heapAlloc(1); t.at(50).goStop(); }, names: { m: 1 }, goRejects: false },
  { rule: 'goroutine-not-runnable', what: 'starting a goroutine that is not runnable', run: (_w, t, u) => { u.procStart(1); u.at(101).goStart(3); }, names: { m: 2, g: 3 }, goRejects: true },
  { rule: 'goroutine-unknown', what: 'starting a goroutine that does not exist', run: (_w, _t, u) => { u.procStart(1); u.at(101).goStart(42); }, names: { g: 42 }, goRejects: true },
  { rule: 'goroutine-not-waiting', what: 'unblocking a goroutine that is not waiting', run: (_w, t) => { t.goUnblock(2); }, names: { g: 2 }, goRejects: true },
  { rule: 'goroutine-exists', what: 'creating a goroutine that exists', run: (_w, t) => { t.goCreate(1); }, names: { g: 1 }, goRejects: true },
  { rule: 'needs-proc', what: 'starting a goroutine on a thread without a proc', run: (_w, _t, u) => { u.goStart(2); }, names: { m: 2 }, goRejects: true },
  { rule: 'has-goroutine', what: 'starting a goroutine on a thread that runs one', run: (_w, t) => { t.goStart(2); }, names: { m: 1, g: 1 }, goRejects: true },
  { rule: 'needs-goroutine', what: 'blocking with no goroutine running', run: (_w, _t, u) => { u.procStart(1); u.at(101).goBlock('sync'); }, names: { m: 2, p: 1 }, goRejects: true },
  { rule: 'has-proc', what: 'starting a second proc on a thread', run: (_w, t) => { t.procStart(1); }, names: { m: 1, p: 1 }, goRejects: true },
  { rule: 'proc-not-idle', what: 'starting a proc another thread holds', run: (_w, _t, u) => { u.procStart(0); }, names: { p: 0 }, goRejects: true },
  { rule: 'proc-not-in-syscall', what: 'stealing a proc that is not in a syscall', run: (_w, t, u) => { t.heapAlloc(1); u.at(101).procSteal(0, 1); }, names: { m: 2, p: 0 }, goRejects: true },
  { rule: 'steal-wrong-thread', what: 'stealing from a thread that does not hold the proc', run: (_w, t, u) => { t.goSyscallBegin(); u.at(101).procSteal(0, 3); }, names: { p: 0 }, goRejects: true },
  { rule: 'goroutine-not-running', what: 'blocking a goroutine that is in a syscall', run: (_w, t) => { t.goSyscallBegin(); t.at(101).goBlock('sync'); }, names: { g: 1 }, goRejects: true },
  { rule: 'goroutine-not-in-syscall', what: 'ending a syscall never begun', run: (_w, t) => { t.goSyscallEnd(); }, names: { g: 1 }, goRejects: true },
  { rule: 'proc-still-held', what: 'returning from a syscall "blocked" while still holding the proc', run: (_w, t) => { t.goSyscallBegin(); t.at(101).goSyscallEndBlocked(); }, names: { m: 1, g: 1, p: 0 }, goRejects: true },
  { rule: 'gc-not-running', what: 'ending a GC that never began', run: (_w, t) => { t.gcBegin(); t.at(101).gcEnd(); t.at(102).gcEnd(); }, goRejects: true },
  { rule: 'gc-already-running', what: 'beginning a GC twice', run: (_w, t) => { t.gcBegin(); t.at(101).gcBegin(); }, goRejects: true },
  { rule: 'range-not-in-flight', what: 'ending a mark assist never begun', run: (_w, t) => { t.gcMarkAssistEnd(); }, names: { g: 1 }, goRejects: true },
  { rule: 'range-in-flight', what: 'beginning a sweep twice on a proc', run: (_w, t) => { t.gcSweepBegin(); t.at(101).gcSweepBegin(); }, names: { p: 0 }, goRejects: true },
  {
    rule: 'region-mismatch', what: 'ending a region that is not the innermost',
    run: (_w, t) => { t.regionBegin(0, 'outer'); t.at(101).regionBegin(0, 'inner'); t.at(102).regionEnd(0, 'outer'); }, names: { g: 1 }, goRejects: true,
  },
  {
    rule: 'region-not-begun', what: 'ending a region never begun (goroutine created in the trace)',
    run: (_w, t) => { t.goCreate(9); t.at(101).goBlock('x'); t.at(102).goStart(9); t.at(103).regionEnd(0, 'never'); }, names: { g: 9 }, goRejects: false,
  },
  { rule: 'task-conflict', what: 'beginning an active task again', run: (_w, t) => { t.taskBegin(5, 0, 'a'); t.at(101).taskBegin(5, 0, 'b'); }, goRejects: true },
  { rule: 'stw-across-generations', what: 'advancing the generation during a stop-the-world', run: (w, t) => { t.stwBegin('GC mark termination'); w.advanceGeneration(); }, goRejects: false },
  { rule: 'status-after-first-generation', what: 'declaring a goroutine after the first generation', run: (w, t) => { t.heapAlloc(1); w.advanceGeneration(); w.declareGoroutine(77, 'waiting'); }, names: { g: 77 }, goRejects: false },
];

describe('strict mode', () => {
  for (const c of CASES) {
    it(`${c.rule}: ${c.what}`, () => {
      const [w, t, u] = world(true);
      let err: unknown;
      try {
        c.run(w, t, u);
      } catch (e) {
        err = e;
      }
      expect(err, 'the bad call throws').to.be.instanceOf(StrictModeError);
      const e = err as StrictModeError;
      expect(e.rule).to.equal(c.rule);
      expect(e.message).to.contain(`[rule ${c.rule}]`);
      expect(e.code).to.equal('strict');
      for (const [k, v] of Object.entries(c.names ?? {})) expect(e[k as 'm' | 'g' | 'p'], k).to.equal(v);
      // The writer is still usable after a rejected call, and what it wrote so far is valid.
      expect(checkerOutput(w.finish())).to.match(/OK \d+\n$/);
    });
    if (c.goRejects) {
      it(`${c.rule}: Go's reader rejects the same calls (strict off)`, () => {
        const [w, t, u] = world(false);
        c.run(w, t, u);
        expect(checkerOutput(w.finish())).to.match(/ERROR: /);
      });
    }
  }

  it('defers automatic advances while a stop-the-world is in flight', () => {
    const w = new TraceWriter({ frequency: 1_000_000_000, generationPeriod: 100 });
    w.declareProc(0, 'running', 1);
    w.declareGoroutine(1, 'running', 1);
    const t = w.thread(1);
    t.at(10).stwBegin('GC sweep termination');
    t.at(500).heapAlloc(1);
    expect(w.generation).to.equal(1);
    t.at(600).stwEnd();
    t.at(700).heapAlloc(2);
    expect(w.generation).to.equal(2);
    expect(checkerOutput(w.finish())).to.contain('RangeEnd Time=600 Name="stop-the-world (GC sweep termination)"');
  });

  it('every rule has a test here and a row in the README', () => {
    const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
    for (const rule of Object.keys(STRICT_RULES)) {
      expect(CASES.some((c) => c.rule === rule), `test for ${rule}`).to.equal(true);
      expect(readme, `README row for ${rule}`).to.contain(`\`${rule}\``);
    }
  });

  it('names the event, thread and goroutine in the message', () => {
    const [, , u] = world(true);
    u.procStart(1);
    expect(() => u.at(101).goStart(3)).to.throw(StrictModeError, /^goStart \(thread 2, proc 1, goroutine 3\): goroutine 3 is waiting, not runnable \[rule goroutine-not-runnable\]$/);
  });

  it('accepts a region ending on a goroutine that existed before the trace (regions may predate it)', () => {
    const [w, t] = world(true);
    t.regionEnd(0, 'started before tracing', st('main.f', 1));
    expect(checkerOutput(w.finish())).to.match(/OK \d+\n$/);
  });
});
