/**
 * Test worker for SharedStackTable: answers commands from the test thread.
 *  {seq, cmd:'acquire'|'release', gen}           hold/release a writer
 *  {seq, cmd:'put', gen, pcs}                      put through the held writer
 *  {seq, cmd:'spin-put', gen, control}             put until told to stop, counting in shared memory
 *  {seq, cmd:'stress', gens, puts, pool, seed}     acquire/put/release gen after gen
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SharedStackTable, type SharedWriter } from '../../src/shared-stack-table.js';
import { GenerationError } from '../../src/errors.js';
import { poolStack, rng } from './pool.js';

const table = SharedStackTable.attach(workerData.buffer as SharedArrayBuffer);
const held = new Map<number, SharedWriter>();
const nap = new Int32Array(new SharedArrayBuffer(4));

function reply(seq: number, body: object): void {
  parentPort!.postMessage({ seq, ...body });
}

function errorBody(e: unknown): object {
  if (e instanceof GenerationError) return { error: e.name, code: e.code, rule: e.rule };
  const err = e as { name?: string; code?: string; message?: string };
  return { error: err.name, code: err.code, message: err.message };
}

/** Acquire, retrying while the generation two back is still being dumped. */
function acquireWhenAllowed(gen: number): { w: SharedWriter; overlapped: boolean; retries: number } {
  let retries = 0;
  for (;;) {
    try {
      const prev = gen > 1 ? table.status(gen - 1) : undefined;
      const w = table.acquire(gen);
      return { w, overlapped: prev !== undefined && prev.state !== 'free', retries };
    } catch (e) {
      if (e instanceof GenerationError && e.rule === 'ahead') {
        retries++;
        Atomics.wait(nap, 0, 0, 1);
        continue;
      }
      throw e;
    }
  }
}

parentPort!.on('message', (m: { seq: number; cmd: string; gen: number; pcs?: (number | bigint)[]; gens?: number; puts?: number; pool?: number; seed?: number; control?: SharedArrayBuffer }) => {
  try {
    switch (m.cmd) {
      case 'acquire':
        held.set(m.gen, table.acquire(m.gen));
        return reply(m.seq, { ok: true });
      case 'put':
        return reply(m.seq, { id: held.get(m.gen)!.putPCs(m.pcs!) });
      case 'release':
        held.get(m.gen)!.release();
        held.delete(m.gen);
        return reply(m.seq, { ok: true });
      case 'spin-put': {
        // Put into `gen` until control[1] becomes non-zero, counting puts in control[0].
        const control = new Int32Array(m.control!);
        const w = table.acquire(m.gen);
        let i = 0;
        while (Atomics.load(control, 1) === 0) {
          w.putPCs(poolStack(i++ % 500));
          Atomics.add(control, 0, 1);
        }
        w.release();
        return reply(m.seq, { puts: i });
      }
      case 'stress': {
        // Start barrier: every stress worker begins generation 1 at the same moment.
        const bar = new Int32Array(workerData.barrier as SharedArrayBuffer);
        if (Atomics.add(bar, 0, 1) + 1 === (workerData.parties as number)) Atomics.notify(bar, 0);
        else while (Atomics.load(bar, 0) < (workerData.parties as number)) Atomics.wait(bar, 0, Atomics.load(bar, 0), 100);
        const next = rng(m.seed!);
        for (let gen = 1; gen <= m.gens!; gen++) {
          const { w, overlapped, retries } = acquireWhenAllowed(gen);
          const ids = new Map<number, number>();
          let inconsistent = 0;
          for (let i = 0; i < m.puts!; i++) {
            const k = Math.floor(next() * m.pool!);
            const id = w.putPCs(poolStack(k));
            const prev = ids.get(k);
            if (prev === undefined) ids.set(k, id);
            else if (prev !== id) inconsistent++;
          }
          w.release();
          parentPort!.postMessage({ seq: m.seq, gen, ids: [...ids], inconsistent, overlapped, retries });
        }
        return reply(m.seq, { done: true, contention: table.contention });
      }
      default:
        return reply(m.seq, { error: 'unknown command' });
    }
  } catch (e) {
    reply(m.seq, errorBody(e));
  }
});
