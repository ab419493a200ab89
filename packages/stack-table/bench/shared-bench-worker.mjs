// Worker for the shared-table throughput benchmark: waits at a barrier, then puts its share.
import { workerData, parentPort } from 'node:worker_threads';
import { SharedStackTable } from '../dist/index.js';

const { buffer, barrier, parties, stacks, puts, offset } = workerData;
const table = SharedStackTable.attach(buffer);
const bar = new Int32Array(barrier);
if (Atomics.add(bar, 0, 1) + 1 === parties) Atomics.notify(bar, 0);
else while (Atomics.load(bar, 0) < parties) Atomics.wait(bar, 0, Atomics.load(bar, 0), 50);
const w = table.acquire(1);
const t0 = performance.now();
for (let i = 0; i < puts; i++) w.putPCs(stacks[(offset + i * 7) % stacks.length]);
const ms = performance.now() - t0;
w.release();
parentPort.postMessage({ ms, contention: table.contention });
