/** Writer-built traces covering the less common paths; checked by our reader here and by Go in test-cross. */
import { TRACE_VERSIONS, type TraceVersion } from '@gotrace/decoder';
import { TraceWriter } from '../../src/index.js';
import { st } from './read.js';

export interface WriterCase {
  name: string;
  build: () => Uint8Array;
}

function initialSyscall(version: TraceVersion, variant: number): Uint8Array {
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
    a.at(6).goSyscallBegin(st('syscall.read', 4));
    w.advanceGeneration(10);
  }
  b.at(20).procSteal(0, 1);
  b.at(30).procStart(0);
  a.at(40).goSyscallEndBlocked();
  b.at(50).goStart(1);
  w.advanceGeneration(60);
  b.at(70).goBlock('select', st('main.sel', 8));
  return w.finish();
}

function everything(version: TraceVersion, batchLength: 'padded' | 'minimal'): Uint8Array {
  const w = new TraceWriter({ version, frequency: 15_625_000, batchLength, firstGeneration: 7 });
  w.declareProc(0, 'running', 11);
  w.declareProc(1, 'idle');
  w.declareGoroutine(1, 'running', 11);
  w.declareGoroutine(2, 'waiting');
  const t = w.thread(11);
  const u = w.thread(12);
  t.at(1000).gomaxprocs(2, st('runtime.GOMAXPROCS', 1));
  t.at(1010).goCreate(3, st('main.worker', 2), st('main.main', 3));
  t.at(1020).stwBegin('GC sweep termination', st('runtime.gcStart', 4));
  t.at(1030).gcBegin(st('runtime.gcStart', 5));
  t.at(1040).stwEnd();
  t.at(1050).goLabel('GC (dedicated)');
  t.at(1060).gcMarkAssistBegin(st('runtime.mallocgc', 6));
  t.at(1070).heapAlloc(1 << 20);
  t.at(1080).heapGoal(4 << 20);
  u.at(1090).procStart(1);
  u.at(1100).gcSweepBegin(st('runtime.sweepone', 7));
  w.cpuSample(1105, 12, st('runtime.sweepone', 7), 1);
  w.advanceGeneration(1200); // GC, assist and sweep continue into the next generation
  u.at(1210).gcSweepEnd(8192, 4096);
  u.at(1220).goStart(3);
  u.at(1230).taskBegin(1, 0, 'job', st('main.worker', 9));
  u.at(1240).regionBegin(1, 'step', st('main.worker', 10));
  u.at(1250).log(1, 'k', 'v', st('main.worker', 11));
  u.at(1260).regionEnd(1, 'step', st('main.worker', 12));
  u.at(1270).taskEnd(1, st('main.worker', 13));
  t.at(1280).gcMarkAssistEnd();
  t.at(1290).stwBegin('GC mark termination');
  t.at(1300).gcEnd();
  t.at(1310).stwEnd();
  u.at(1320).goUnblock(2, st('main.worker', 14));
  u.at(1330).goStop('preempted', st('main.worker', 15));
  u.at(1340).goStart(2);
  if (version >= 23) {
    u.at(1350).goCreateBlocked(4, st('main.co', 16), st('main.worker', 17));
    u.at(1360).goSwitch(4);
    u.at(1370).goSwitchDestroy(2);
    u.at(1380).experimental('HeapObjectAlloc', 77, 3);
    w.experimentalBatch(1, Uint8Array.of(0, 1, 0x90, 0x20, 32, 24, 3, 0x61, 0x62, 0x63));
  }
  u.at(1390).goDestroy();
  u.at(1400).procStop();
  w.thread(13).at(1410).goCreateSyscall(9);
  w.thread(13).at(1420).goDestroySyscall();
  return w.finish();
}

function autoAdvance(version: TraceVersion): Uint8Array {
  const w = new TraceWriter({ version, frequency: 1e9, generationPeriod: 5000, generationBytes: 8_000 });
  w.declareProc(0, 'running', 1);
  w.declareGoroutine(1, 'running', 1);
  w.declareGoroutine(2, 'waiting');
  const t = w.thread(1);
  let time = 100;
  for (let i = 0; i < 6_000; i++) {
    t.at((time += 7)).goUnblock(2, st('main.send', i % 50));
    t.at((time += 7)).goBlock('chan receive', st('main.recv', 100 + (i % 40)));
    t.at((time += 7)).goStart(2);
    t.at((time += 7)).goBlock('sleep');
    t.at((time += 7)).goUnblock(1);
    t.at((time += 7)).goStart(1);
  }
  return w.finish();
}

function gcAtStart(version: TraceVersion, advanceFirst: boolean): Uint8Array {
  const w = new TraceWriter({ version, frequency: 1e9 });
  w.declareGCRunning();
  w.declareProc(0, 'idle');
  w.declareGoroutine(1, 'runnable');
  const t = w.thread(5);
  t.at(10).procStart(0);
  if (advanceFirst) w.advanceGeneration(20);
  t.at(30).goStart(1);
  t.at(40).gcEnd();
  t.at(50).gcBegin();
  return w.finish();
}

export const WRITER_CASES: WriterCase[] = [
  ...TRACE_VERSIONS.flatMap((v) => [false, true].map((a) => ({ name: `v${v} GC in progress when tracing starts${a ? ', ending in the next generation' : ''}`, build: () => gcAtStart(v, a) }))),
  ...TRACE_VERSIONS.flatMap((v) => [0, 1, 2].map((variant) => ({ name: `v${v} initial syscall, variant ${variant}`, build: () => initialSyscall(v, variant) }))),
  ...TRACE_VERSIONS.flatMap((v) => (['padded', 'minimal'] as const).map((b) => ({ name: `v${v} every event kind (${b})`, build: () => everything(v, b) }))),
  ...TRACE_VERSIONS.map((v) => ({ name: `v${v} automatic advance by time and size`, build: () => autoAdvance(v) })),
];
