/**
 * A random but valid program run, driven by a list of choices (so fast-check can shrink it):
 * threads, procs and goroutines that are created, run, block, unblock, enter syscalls, lose
 * their procs and get destroyed; GC cycles, mark assists, sweeps, STW; tasks, regions and logs;
 * generation advances. It calls the TraceWriter and returns, for every call, the event our
 * reader must report (as a signature string) and its time.
 */
import type { TraceVersion } from '@gotrace/decoder';
import { TraceWriter, type ThreadWriter } from '../../src/index.js';

type GS = 'runnable' | 'running' | 'waiting' | 'syscall';
interface G { status: GS; regions: string[]; assist: boolean; stw: boolean }
interface P { status: 'idle' | 'running' | 'syscall'; m: number; sweep?: boolean }
interface M { p: number; g: number }

export interface Expected {
  sig: string;
  time: number;
}

export interface WorldResult {
  bytes: Uint8Array;
  expected: Expected[];
  generations: number;
  /** The same run as a JSON scenario (flat `events` form). */
  scenario: Record<string, unknown>;
}

/** Thread-writer method → scenario field names of its arguments. */
const FIELDS: Record<string, readonly string[]> = {
  procStart: ['p'], procStop: [], procSteal: ['p', 'from'],
  goCreate: ['g', 'start', 'stack'], goCreateBlocked: ['g', 'start', 'stack'], goCreateSyscall: ['g'], goStart: ['g'],
  goStop: ['reason', 'stack'], goBlock: ['reason', 'stack'], goUnblock: ['g', 'stack'], goDestroy: [], goDestroySyscall: [],
  goSyscallBegin: ['stack'], goSyscallEnd: [], goSyscallEndBlocked: [], goSwitch: ['g'], goSwitchDestroy: ['g'],
  stwBegin: ['kind', 'stack'], stwEnd: [], gcBegin: ['stack'], gcEnd: [], gcSweepBegin: ['stack'], gcSweepEnd: ['swept', 'reclaimed'],
  gcMarkAssistBegin: ['stack'], gcMarkAssistEnd: [], heapAlloc: ['bytes'], heapGoal: ['bytes'], gomaxprocs: ['procs', 'stack'],
  goLabel: ['label'], taskBegin: ['task', 'parent', 'name', 'stack'], taskEnd: ['task', 'stack'],
  regionBegin: ['task', 'name', 'stack'], regionEnd: ['task', 'name', 'stack'], log: ['task', 'category', 'message', 'stack'],
};

/**
 * A stand-in for thread `m`'s writer that records every call as a scenario event. The real thread
 * writer is created at the first event (as encodeScenario does), so both write batches in the
 * same order.
 */
function recording(w: TraceWriter, m: number, events: Record<string, unknown>[]): ThreadWriter {
  let time = 0;
  const o: Record<string, unknown> = {};
  o.at = (ticks: number) => {
    time = ticks;
    return o;
  };
  for (const [name, fields] of Object.entries(FIELDS)) {
    o[name] = (...args: unknown[]) => {
      const t = w.thread(m).at(time) as unknown as Record<string, (...a: unknown[]) => void>;
      t[name]!(...args);
      const ev: Record<string, unknown> = { thread: m, time, event: name };
      fields.forEach((n, i) => {
        if (args[i] !== undefined) ev[n] = args[i];
      });
      events.push(ev);
    };
  }
  return o as unknown as ThreadWriter;
}

export function runWorld(version: TraceVersion, choices: readonly number[], batchLength: 'padded' | 'minimal' = 'padded'): WorldResult {
  const w = new TraceWriter({ version, frequency: 1_000_000_000, generationPeriod: false, batchLength });
  const threads = new Map<number, M>([[1, { p: 0, g: 1 }], [2, { p: -1, g: -1 }], [3, { p: -1, g: -1 }]]);
  const procs = new Map<number, P>([[0, { status: 'running', m: 1 }], [1, { status: 'idle', m: -1 }], [2, { status: 'idle', m: -1 }]]);
  const gs = new Map<number, G>([[1, { status: 'running', regions: [], assist: false, stw: false }], [2, { status: 'waiting', regions: [], assist: false, stw: false }]]);
  w.declareProc(0, 'running', 1);
  w.declareGoroutine(1, 'running', 1);
  w.declareGoroutine(2, 'waiting');
  const events: Record<string, unknown>[] = [];
  const generationTimes: number[] = [];
  const cpuSamples: Record<string, unknown>[] = [];
  const writers = new Map<number, ThreadWriter>();
  const thread = (m: number): ThreadWriter => {
    let t = writers.get(m);
    if (t === undefined) writers.set(m, (t = recording(w, m, events)));
    return t;
  };
  let nextG = 3;
  let nextTask = 1;
  const tasks: number[] = [];
  let gc = false;
  let time = 1000;
  let gens = 1;
  const expected: Expected[] = [];
  let ci = 0;
  const pick = <T>(xs: readonly T[]): T => xs[(choices[ci++] ?? 0) % xs.length]!;
  const stk = (n: number) => [{ pc: 0x400000 + n * 16, func: `main.f${n}`, file: 'main.go', line: n }];

  for (let step = 0; ci < choices.length; step++) {
    if (choices[ci]! % 11 === 0 && ![...gs.values()].some((g) => g.stw)) {
      ci++;
      w.advanceGeneration((time += 10));
      generationTimes.push(time);
      gens++;
      continue;
    }
    const m = pick([1, 2, 3]);
    const t = thread(m);
    const th = threads.get(m)!;
    const actions: [string, () => string | undefined][] = [];
    const waiting = [...gs].filter(([, g]) => g.status === 'waiting').map(([id]) => id);
    const runnable = [...gs].filter(([, g]) => g.status === 'runnable').map(([id]) => id);
    const curG = th.g >= 0 ? gs.get(th.g)! : undefined;
    const curP = th.p >= 0 ? procs.get(th.p)! : undefined;
    const at = (time += 10);
    t.at(at);
    if (waiting.length > 0) actions.push(['unblock', () => { const g = pick(waiting); t.goUnblock(g, stk(1)); gs.get(g)!.status = 'runnable'; return `M${m} G${g} Waiting->Runnable`; }]);
    if (!curP) {
      const idle = [...procs].filter(([, p]) => p.status === 'idle').map(([id]) => id);
      if (idle.length > 0 && !(curG && curG.status === 'syscall')) actions.push(['procStart', () => { const p = pick(idle); t.procStart(p); procs.set(p, { status: 'running', m }); th.p = p; return `M${m} P${p} Idle->Running`; }]);
      const inSys = [...procs].filter(([, p]) => p.status === 'syscall').map(([id]) => id);
      if (inSys.length > 0) actions.push(['steal', () => {
        const p = pick(inSys);
        const victim = procs.get(p)!.m;
        t.procSteal(p, victim);
        threads.get(victim)!.p = -1;
        procs.set(p, { status: 'idle', m: -1 });
        return `M${m} P${p} Running->Idle`;
      }]);
      if (!curG) actions.push(['createSyscall', () => { const n = nextG++; t.goCreateSyscall(n); gs.set(n, { status: 'syscall', regions: [], assist: false, stw: false }); th.g = n; return `M${m} G${n} NotExist->Syscall`; }]);
      if (curG && curG.status === 'syscall') actions.push(['destroySyscall', () => { const g = th.g; t.goDestroySyscall(); gs.delete(g); th.g = -1; return `M${m} G${g} Syscall->NotExist`; }]);
      actions.push(['cpuSample', () => {
        const p = th.p >= 0 ? th.p : undefined;
        const g = th.g >= 0 ? th.g : undefined;
        w.cpuSample(at, m, stk(7), p, g);
        cpuSamples.push({ time: at, thread: m, stack: stk(7), ...(p !== undefined ? { p } : {}), ...(g !== undefined ? { g } : {}) });
        return `M${m} StackSample`;
      }]);
      if (curG && curG.status === 'syscall') actions.push(['syscallEndBlocked', () => { t.goSyscallEndBlocked(); curG.status = 'runnable'; const g = th.g; th.g = -1; return `M${m} G${g} Syscall->Runnable`; }]);
    } else if (curP.status === 'syscall') {
      actions.push(['syscallEnd', () => { t.goSyscallEnd(); curG!.status = 'running'; curP.status = 'running'; return `M${m} G${th.g} Syscall->Running`; }]);
      actions.push(['procStopInSyscall', () => { t.procStop(); curP.status = 'idle'; curP.m = -1; const p = th.p; th.p = -1; return `M${m} P${p} Running->Idle`; }]);
    } else if (!curG) {
      if (runnable.length > 0) actions.push(['goStart', () => { const g = pick(runnable); t.goStart(g); gs.get(g)!.status = 'running'; th.g = g; return `M${m} G${g} Runnable->Running`; }]);
      actions.push(['procStop', () => { t.procStop(); curP.status = 'idle'; curP.m = -1; const p = th.p; th.p = -1; return `M${m} P${p} Running->Idle`; }]);
      actions.push(['heap', () => { t.heapAlloc(step * 64); return `M${m} Metric`; }]);
      actions.push(curP.sweep
        ? ['sweepEnd', () => { t.gcSweepEnd(4096, 1024); curP.sweep = false; return `M${m} RangeEnd GC incremental sweep`; }]
        : ['sweep', () => { t.gcSweepBegin(stk(8)); curP.sweep = true; return `M${m} RangeBegin GC incremental sweep`; }]);
    } else {
      const g = th.g;
      actions.push(['create', () => { const n = nextG++; t.goCreate(n, stk(2), stk(3)); gs.set(n, { status: 'runnable', regions: [], assist: false, stw: false }); return `M${m} G${n} NotExist->Runnable`; }]);
      if (curG.regions.length === 0 && !curG.assist && !curG.stw) {
        actions.push(['block', () => { t.goBlock('chan receive', stk(4)); curG.status = 'waiting'; th.g = -1; return `M${m} G${g} Running->Waiting`; }]);
        actions.push(['stop', () => { t.goStop('preempted', stk(5)); curG.status = 'runnable'; th.g = -1; return `M${m} G${g} Running->Runnable`; }]);
        actions.push(['destroy', () => { t.goDestroy(); gs.delete(g); th.g = -1; return `M${m} G${g} Running->NotExist`; }]);
        actions.push(['syscall', () => { t.goSyscallBegin(stk(6)); curG.status = 'syscall'; curP.status = 'syscall'; return `M${m} G${g} Running->Syscall`; }]);
      }
      if (version >= 23) {
        actions.push(['createBlocked', () => { const n = nextG++; t.goCreateBlocked(n, stk(2), stk(3)); gs.set(n, { status: 'waiting', regions: [], assist: false, stw: false }); return `M${m} G${n} NotExist->Waiting`; }]);
        const targets = waiting.filter((x) => x !== g);
        if (targets.length > 0 && curG.regions.length === 0 && !curG.assist && !curG.stw) {
          actions.push(['switch', () => {
            const to = pick(targets);
            t.goSwitch(to);
            curG.status = 'waiting';
            gs.get(to)!.status = 'running';
            th.g = to;
            return `M${m} G${to} Waiting->Runnable\nM${m} G${g} Running->Waiting\nM${m} G${to} Runnable->Running`;
          }]);
        }
      }
      actions.push(['label', () => { t.goLabel('GC (dedicated)'); return `M${m} Label`; }]);
      actions.push(['gomaxprocs', () => { t.gomaxprocs(3, stk(9)); return `M${m} Metric`; }]);
      actions.push(['region', () => { const name = `r${step}`; t.regionBegin(0, name); curG.regions.push(name); return `M${m} RegionBegin ${name}`; }]);
      if (curG.regions.length > 0) actions.push(['regionEnd', () => { const name = curG.regions.pop()!; t.regionEnd(0, name); return `M${m} RegionEnd ${name}`; }]);
      actions.push(['task', () => { const id = nextTask++; t.taskBegin(id, 0, `task${id}`); tasks.push(id); return `M${m} TaskBegin ${id}`; }]);
      if (tasks.length > 0) actions.push(['taskEnd', () => { const id = tasks.shift()!; t.taskEnd(id); return `M${m} TaskEnd ${id}`; }]);
      actions.push(['log', () => { t.log(tasks[0] ?? 0, 'cat', `msg${step}`); return `M${m} Log msg${step}`; }]);
      actions.push(gc ? ['gcEnd', () => { t.gcEnd(); gc = false; return `M${m} RangeEnd GC concurrent mark phase`; }] : ['gcBegin', () => { t.gcBegin(); gc = true; return `M${m} RangeBegin GC concurrent mark phase`; }]);
      actions.push(curG.assist ? ['assistEnd', () => { t.gcMarkAssistEnd(); curG.assist = false; return `M${m} RangeEnd GC mark assist`; }] : ['assist', () => { t.gcMarkAssistBegin(); curG.assist = true; return `M${m} RangeBegin GC mark assist`; }]);
      actions.push(curG.stw ? ['stwEnd', () => { t.stwEnd(); curG.stw = false; return `M${m} RangeEnd stop-the-world (GC mark termination)`; }] : ['stw', () => { t.stwBegin('GC mark termination'); curG.stw = true; return `M${m} RangeBegin stop-the-world (GC mark termination)`; }]);
    }
    if (actions.length === 0) continue;
    const [, act] = pick(actions);
    const sig = act();
    if (sig !== undefined) for (const one of sig.split('\n')) expected.push({ sig: one, time: at });
  }
  const scenario = {
    version,
    frequency: 1_000_000_000,
    generations: generationTimes,
    procs: [{ id: 0, status: 'running', thread: 1 }],
    goroutines: [{ id: 1, status: 'running', thread: 1 }, { id: 2, status: 'waiting' }],
    events,
    cpuSamples,
  };
  return { bytes: w.finish(), expected, generations: gens, scenario };
}
