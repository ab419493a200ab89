/**
 * The ordering engine's data structures against plain models: the frontier heap must keep
 * exactly the array layout of Go's swap-based heap (its tie-breaking depends on it), also once
 * keys are bigints; the goroutine table must behave like a Map for every kind of ID.
 */
import { expect } from 'chai';
import { Frontier } from '../src/order/frontier.js';
import { GoroutineTable } from '../src/order/goroutines.js';
import type { BatchCursor } from '../src/order/cursor.js';
import type { I64 } from '../src/internal/num.js';
import { rng } from './support/corrupt.js';

/** Go's heap operations (reader-semantics §7.2), swap by swap, on objects with a key. */
type K = { key: I64; id: number };
const gt = (a: I64, b: I64): boolean => a > b;
function modelSiftUp(h: K[], i: number): number {
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!gt(h[p]!.key, h[i]!.key)) break;
    [h[i], h[p]] = [h[p]!, h[i]!];
    i = p;
  }
  return i;
}
function modelSiftDown(h: K[], i: number): void {
  for (;;) {
    let m = i;
    const l = 2 * i + 1;
    const r = l + 1;
    if (l < h.length && h[l]!.key < h[m]!.key) m = l;
    if (r < h.length && h[r]!.key < h[m]!.key) m = r;
    if (m === i) return;
    [h[i], h[m]] = [h[m]!, h[i]!];
    i = m;
  }
}
function modelRemove(h: K[], i: number): void {
  while (i > 0) {
    const p = (i - 1) >> 1;
    [h[i], h[p]] = [h[p]!, h[i]!];
    i = p;
  }
  [h[0], h[h.length - 1]] = [h[h.length - 1]!, h[0]!];
  h.pop();
  modelSiftDown(h, 0);
}

describe('frontier heap = Go’s swap-based heap, layout and all', () => {
  for (const [label, bigAfter] of [
    ['number keys', Infinity],
    ['keys turning bigint midway (exact mode)', 300],
  ] as const) {
    it(`${label}: 20 runs × 600 random operations with many ties`, () => {
      for (let seed = 1; seed <= 20; seed++) {
        const rand = rng(seed);
        const f = new Frontier();
        const model: K[] = [];
        let next = 0;
        const key = (op: number): I64 => {
          const k = Math.floor(rand() * 12); // few distinct values: ties everywhere
          return op >= bigAfter && rand() < 0.5 ? BigInt(k) + 2n ** 60n : op >= bigAfter ? k + 2 ** 60 : k;
        };
        for (let op = 0; op < 600; op++) {
          const x = rand();
          if (model.length === 0 || x < 0.35) {
            const c = { key: key(op), id: next++ };
            f.insert(c as unknown as BatchCursor);
            model.push(c);
            modelSiftUp(model, model.length - 1);
          } else if (x < 0.7) {
            // The common step: the root's cursor moves on to a later (or equal) event.
            const c = model[0]!;
            const k = key(op);
            c.key = k > c.key ? k : c.key;
            f.updateRoot();
            modelSiftDown(model, 0);
          } else if (x < 0.85) {
            const i = Math.floor(rand() * model.length);
            const c = model[i]!;
            c.key = key(op);
            f.update(i);
            if (modelSiftUp(model, i) === i) modelSiftDown(model, i);
          } else {
            const i = Math.floor(rand() * model.length);
            f.remove(i);
            modelRemove(model, i);
          }
          expect(f.cursors().map((c) => (c as unknown as K).id), `seed ${seed}, op ${op}`).to.deep.equal(model.map((c) => c.id));
          if (model.length > 0) expect(f.minKey()).to.equal(model[0]!.key);
        }
      }
    });
  }

  it('sort(): insertion order for ≤ 12 cursors, stable above; the heap keys follow', () => {
    const f = new Frontier();
    const cs = [5, 3, 5, 1, 3, 5, 0, 2].map((key, id) => ({ key, id }));
    for (const c of cs) f.insert(c as unknown as BatchCursor);
    const before = f.cursors().map((c) => c as unknown as K);
    f.sort();
    const after = f.cursors().map((c) => c as unknown as K);
    const expected = [...before].sort((a, b) => Number(a.key) - Number(b.key)); // stable
    expect(after.map((c) => c.id)).to.deep.equal(expected.map((c) => c.id));
    // The sorted array is a valid heap whose keys were re-read: updates keep working.
    (after[0] as K).key = 100;
    f.updateRoot();
    expect(f.minKey()).to.equal(after[1]!.key);
  });
});

describe('goroutine table = a Map, for every kind of ID', () => {
  it('small, paged, negative, ≥ 2^24 and bigint IDs; pages freed and reused; records pooled', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const rand = rng(seed);
      const t = new GoroutineTable();
      const model = new Map<I64, { status: number; seq: number }>();
      const pick = (): I64 => {
        const x = rand();
        if (x < 0.5) return Math.floor(rand() * 300); // dense, several pages
        if (x < 0.7) return Math.floor(rand() * 5) * 64 * 1000 + Math.floor(rand() * 3); // far apart: a page each
        if (x < 0.8) return -1 - Math.floor(rand() * 3);
        if (x < 0.9) return 2 ** 24 + Math.floor(rand() * 3);
        return 2n ** 63n + BigInt(Math.floor(rand() * 3));
      };
      for (let op = 0; op < 4000; op++) {
        const id = pick();
        const have = model.get(id);
        if (rand() < 0.55) {
          if (have) continue; // the engine never adds a goroutine twice
          const g = t.add(id, op % 5, op);
          expect(g.id).to.equal(id);
          expect(g.seqN).to.equal(0);
          expect(g.regions).to.have.length(0);
          expect(g.ranges).to.have.length(0);
          g.seqN = op; // mutate, so a pooled record is seen reset on reuse
          g.ranges = [{ type: 1, desc: op }];
          model.set(id, { status: op % 5, seq: op });
        } else {
          t.delete(id); // also for absent IDs: a no-op
          model.delete(id);
        }
        const g = t.get(id);
        const m = model.get(id);
        expect(g === undefined, `seed ${seed}, op ${op}, id ${id}`).to.equal(m === undefined);
        if (g && m) {
          expect(g.status).to.equal(m.status);
          expect(g.seqN).to.equal(m.seq);
        }
        expect(t.size).to.equal(model.size);
      }
      expect(t.sorted().map((g) => g.id)).to.deep.equal([...model.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      for (const [id, m] of model) expect(t.get(id)!.status).to.equal(m.status);
    }
  });
});

describe('ordering engine: spare cursor records', () => {
  it('a returned record is reused and keeps nothing of its last generation', async () => {
    const { OrderingEngine } = await import('../src/order/engine.js');
    const { GenTables } = await import('../src/generation.js');
    const e = new OrderingEngine(26);
    const ev = e.takeRecord();
    ev.tables = new GenTables(7);
    ev.taskInfo = { parent: 0, name: new Uint8Array([1]) };
    e.giveRecord(ev);
    const again = e.takeRecord();
    expect(again).to.equal(ev); // reused, not a new object
    expect(again.tables).to.equal(undefined); // the old generation's tables are not kept alive
    expect(again.taskInfo).to.equal(undefined);
    expect(e.takeRecord()).to.not.equal(ev); // and handed out once
  });
});
