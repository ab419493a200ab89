import { expect } from 'chai';
import fc from 'fast-check';
import { StackTable } from '../src/stack-table.js';
import { StringTable } from '../src/string-table.js';
import { CollectingSink } from '../src/sink.js';
import { FrameConflictError, InvalidFrameError, StackTableError } from '../src/errors.js';
import { stacksEqual, type Frame } from '../src/frame.js';
import { frameFor, readBack, stackOf } from './helpers.js';

// A bad frame of one of several kinds; `pc` keeps it near the good PCs so it can collide.
const badFrame = fc.oneof(
  fc.record({ pc: fc.constantFrom(-1, 0.5, NaN, Infinity, -1n, 2n ** 64n), func: fc.constant('f'), file: fc.constant('x'), line: fc.constant(1) }),
  fc.record({ pc: fc.integer({ min: 0, max: 20 }), func: fc.constant('f'), file: fc.constant('x'), line: fc.constantFrom(-5, 1.25, 2n ** 64n) }),
  fc.record({ pc: fc.integer({ min: 0, max: 20 }), func: fc.constantFrom(null, 3, undefined), file: fc.constant('x'), line: fc.constant(1) }),
  // a well-formed frame whose func disagrees with frameFor(pc): a conflict once pc is known
  fc.integer({ min: 0, max: 20 }).map((pc) => ({ ...frameFor(pc), func: 'impostor' })),
);
const goodPCs = fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 8 });
const op = fc.oneof(
  goodPCs.map((pcs) => ({ good: true as const, stack: stackOf(pcs) })),
  fc.tuple(goodPCs, badFrame, fc.nat(8)).map(([pcs, bad, at]) => {
    const s: unknown[] = [...stackOf(pcs)];
    s.splice(at % (s.length + 1), 0, bad);
    return { good: false as const, stack: s as Frame[] };
  }),
);

describe('property: bad input never corrupts the table', () => {
  it('a failing put throws a typed error and changes nothing; the rest behaves like a model', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops) => {
        const t = new StackTable();
        const model = new Map<string, number>();
        const known = new Map<number, Frame>(); // pc → frame on record
        for (const o of ops) {
          const frames = o.stack.slice(0, 128);
          const key = frames.map((f) => String(f?.pc)).join(',');
          // Model: valid iff every frame is well-formed and agrees with the frame on record
          // for its PC (or with an earlier frame of the same stack).
          const next = new Map(known);
          let ok = true;
          for (const f of frames) {
            if (!isValid(f)) ok = false;
            else {
              const k = next.get(f.pc as number);
              if (k === undefined) next.set(f.pc as number, f);
              else if (k.func !== f.func || k.file !== f.file || k.line !== f.line) ok = false;
            }
          }
          if (!ok) {
            expect(() => t.put(o.stack)).to.throw(StackTableError).that.satisfies(
              (x: unknown) => x instanceof InvalidFrameError || x instanceof FrameConflictError,
            );
            continue;
          }
          const id = t.put(o.stack);
          if (!model.has(key)) model.set(key, model.size + 1);
          expect(id).to.equal(model.get(key));
          for (const [pc, f] of next) known.set(pc, f);
        }
        expect(t.size).to.equal(model.size);
        const sink = new CollectingSink();
        t.dump(sink, new StringTable(sink));
        const g = readBack(sink);
        for (const [key, id] of model) {
          const pcs = key.split(',').map(Number);
          expect(stacksEqual(g.stack(id)!, pcs.map((pc) => known.get(pc)!))).to.equal(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

function isValid(f: Frame | null | undefined): f is Frame {
  const u = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  return f != null && u(f.pc) && u(f.line) && typeof f.func === 'string' && typeof f.file === 'string';
}
