import { writeFileSync } from 'node:fs';
import { TraceWriter } from '@gotrace/encoder';

const frame = (func, line) => [{ pc: 0x401000 + line, func, file: '/app/main.go', line }];

const w = new TraceWriter({ version: 26, frequency: 1_000_000_000 }); // times in ticks = ns here

// The state when tracing starts: thread 100 runs goroutine 1 on proc 0; proc 1 is idle.
w.declareProc(0, 'running', 100);
w.declareGoroutine(1, 'running', 100);

const m0 = w.thread(100); // OS thread IDs, as written in batch headers
const m1 = w.thread(101);

m0.at(1_000).goCreate(2, frame('main.worker', 30), frame('main.main', 12));
m0.at(1_100).goBlock('chan receive', frame('main.main', 14));   // reasons are strings
m1.at(1_200).procStart(1);
m1.at(1_300).goStart(2);                                          // g_seq filled in
m1.at(1_400).regionBegin(0, 'work', frame('main.worker', 31));
m1.at(1_500).goUnblock(1, frame('main.worker', 33));              // chan send wakes main
m1.at(1_600).goSyscallBegin(frame('syscall.write', 20));
m0.at(1_700).goStart(1);
w.advanceGeneration(2_000);                                       // statuses re-described in gen 2
m1.at(2_100).goSyscallEnd();
m1.at(2_200).regionEnd(0, 'work', frame('main.worker', 35));
m1.at(2_300).goDestroy();
m1.at(2_400).procStop();

writeFileSync("/tmp/gotrace-readme-UFqWFM/example.trace", w.finish());   // go tool trace -d=parsed example.trace
