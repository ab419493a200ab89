import { expect } from 'chai';
import fc from 'fast-check';
import { GenerationTables } from '../src/generations.js';
import { CollectingSink } from '../src/sink.js';
import { stacksEqual, MAX_FRAMES_PER_STACK } from '../src/frame.js';
import { frameFor, readBack, stackOf } from './helpers.js';
import { U64_MAX } from '../src/u64.js';

// PCs from a small pool (heavy duplication), including values past 2^53.
const pc = fc.oneof(
  fc.integer({ min: 0, max: 40 }),
  fc.constantFrom(2 ** 53 - 1, 2n ** 53n, 2n ** 63n, U64_MAX),
  fc.integer({ min: 0, max: 2 ** 32 + 5 }),
);
const pcs = fc.array(pc, { minLength: 0, maxLength: 140 });
// A pool of distinct-ish stacks, then a sequence of puts drawn from it with repetition.
const workload = fc
  .array(pcs, { minLength: 1, maxLength: 30 })
  .chain((pool) => fc.tuple(fc.constant(pool), fc.array(fc.nat(pool.length - 1), { minLength: 1, maxLength: 200 })));

const keyOf = (p: readonly (number | bigint)[]) => p.slice(0, MAX_FRAMES_PER_STACK).map(String).join(',');

describe('property: interning and dump', () => {
  it('IDs are unique per distinct stack, stable, and the dump decodes back exactly once each', () => {
    fc.assert(
      fc.property(workload, fc.boolean(), ([pool, picks], usePCs) => {
        const t = new GenerationTables({ symbolize: frameFor });
        const w = t.acquire(1);
        const idOf = new Map<string, number>();
        const firstStack = new Map<number, (number | bigint)[]>();
        for (const i of picks) {
          const p = pool[i]!;
          const id = usePCs && i % 2 === 0 ? w.putPCs(p) : w.put(stackOf(p));
          const k = keyOf(p);
          if (p.length === 0) {
            expect(id).to.equal(0);
            continue;
          }
          const prev = idOf.get(k);
          if (prev === undefined) {
            expect(firstStack.has(id), 'distinct stacks never share an ID').to.equal(false);
            idOf.set(k, id);
            firstStack.set(id, p);
          } else {
            expect(id).to.equal(prev);
          }
        }
        w.release();
        const sink = new CollectingSink();
        t.dump(1, sink);
        const ids = sink.stacks.map((s) => s.id);
        expect(new Set(ids).size).to.equal(ids.length);
        expect(ids.length).to.equal(idOf.size);
        const strIds = sink.strings.map((s) => s.id);
        expect(new Set(strIds).size).to.equal(strIds.length);
        const g = readBack(sink);
        for (const [id, p] of firstStack) {
          expect(stacksEqual(g.stack(id)!, stackOf(p.slice(0, MAX_FRAMES_PER_STACK)))).to.equal(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('over generations: each dump is self-contained and IDs restart', () => {
    fc.assert(
      fc.property(fc.array(fc.array(pcs, { minLength: 1, maxLength: 10 }), { minLength: 1, maxLength: 5 }), (gens) => {
        const t = new GenerationTables();
        gens.forEach((stacks, gi) => {
          const gen = gi + 1;
          const w = t.acquire(gen);
          const ids = stacks.map((p) => w.put(stackOf(p)));
          w.release();
          const sink = new CollectingSink();
          t.dump(gen, sink);
          const nonEmpty = ids.filter((x) => x !== 0);
          if (nonEmpty.length > 0) expect(Math.min(...nonEmpty)).to.equal(1);
          const g = readBack(sink);
          stacks.forEach((p, i) => {
            if (ids[i] !== 0) expect(stacksEqual(g.stack(ids[i]!)!, stackOf(p.slice(0, 128)))).to.equal(true);
          });
        });
      }),
      { numRuns: 60 },
    );
  });
});
