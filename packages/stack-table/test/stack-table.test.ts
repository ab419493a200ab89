import { expect } from 'chai';
import { StackTable } from '../src/stack-table.js';
import { StringTable } from '../src/string-table.js';
import { CollectingSink } from '../src/sink.js';
import { FrameConflictError, InvalidFrameError, StackTableError } from '../src/errors.js';
import { stacksEqual, type Frame } from '../src/frame.js';
import { frameFor, readBack, stackOf } from './helpers.js';

function dumpAll(t: StackTable): CollectingSink {
  const sink = new CollectingSink();
  const strings = new StringTable(sink);
  t.dump(sink, strings);
  return sink;
}

describe('StackTable', () => {
  it('interns by PCs: same stack → same ID, different → different, 0 for empty', () => {
    const t = new StackTable();
    expect(t.put([])).to.equal(0);
    const a = t.put(stackOf([1, 2, 3]));
    const b = t.put(stackOf([1, 2]));
    const c = t.put(stackOf([3, 2, 1]));
    expect([a, b, c]).to.deep.equal([1, 2, 3]);
    expect(t.put(stackOf([1, 2, 3]))).to.equal(a);
    expect(t.size).to.equal(3);
  });

  it('dump emits every stack once with names interned, then resets (IDs restart at 1)', () => {
    const t = new StackTable();
    const s1 = stackOf([10, 20, 30]);
    const s2 = stackOf([2n ** 63n, 20]);
    t.put(s1);
    t.put(s2);
    const sink = dumpAll(t);
    expect(sink.stacks.map((s) => s.id)).to.deep.equal([1, 2]);
    expect(sink.ended).to.deep.equal(['stacks']);
    const g = readBack(sink);
    expect(stacksEqual(g.stack(1)!, s1)).to.equal(true);
    expect(stacksEqual(g.stack(2)!, s2)).to.equal(true);
    expect(t.size).to.equal(0);
    expect(t.put(s2)).to.equal(1);
  });

  it('keeps the innermost 128 frames of a deeper stack', () => {
    const t = new StackTable();
    const deep = stackOf(Array.from({ length: 200 }, (_, i) => i + 1));
    const id = t.put(deep);
    expect(t.put(deep.slice(0, 128))).to.equal(id);
    const sink = dumpAll(t);
    expect(sink.stacks[0]!.frames.length).to.equal(128);
    expect(sink.stacks[0]!.frames[0]!.pc).to.equal(1);
    expect(sink.stacks[0]!.frames[127]!.pc).to.equal(128);
  });

  it('cuts long function and file names to their last 1024 bytes', () => {
    const t = new StackTable();
    const func = 'x'.repeat(3000) + '.tail';
    t.put([{ pc: 1, func, file: '/a.go', line: 1 }]);
    const g = readBack(dumpAll(t));
    const f = g.stack(1)![0]!;
    expect(f.func.length).to.equal(1024);
    expect(f.func.endsWith('.tail')).to.equal(true);
  });

  it('rejects bad frames with typed errors and leaves the table unchanged', () => {
    const t = new StackTable();
    const good = stackOf([1, 2]);
    t.put(good);
    const bads: unknown[] = [
      [{ pc: -1, func: 'f', file: 'x', line: 1 }],
      [{ pc: 1.5, func: 'f', file: 'x', line: 1 }],
      [{ pc: NaN, func: 'f', file: 'x', line: 1 }],
      [{ pc: 5, func: 'f', file: 'x', line: 2n ** 64n }],
      [{ pc: 5, func: 'f', file: 'x', line: -3 }],
      [{ pc: 5, func: null, file: 'x', line: 1 }],
      [frameFor(9), null],
      'not an array',
    ];
    for (const b of bads) expect(() => t.put(b as Frame[]), String(b)).to.throw(InvalidFrameError);
    expect(t.size).to.equal(1);
    expect(t.put(good)).to.equal(1);
  });

  it('refuses a second frame for the same PC in a generation, atomically', () => {
    const t = new StackTable();
    t.put(stackOf([1, 2]));
    const other: Frame = { ...frameFor(2), line: 999 };
    expect(() => t.put([frameFor(7), other])).to.throw(FrameConflictError);
    expect(() => t.put([frameFor(1), other])).to.throw(FrameConflictError);
    // conflict inside one new stack
    expect(() => t.put([frameFor(50), { ...frameFor(50), func: 'other' }])).to.throw(FrameConflictError);
    expect(t.size).to.equal(1);
    // pc 7 and 50 were not registered by the failed puts
    expect(t.put([{ ...frameFor(7), func: 'seven' }])).to.equal(2);
    expect(t.put([{ ...frameFor(50), func: 'fifty' }])).to.equal(3);
    // bigint and number spellings of one pc are the same pc
    expect(t.put([{ ...frameFor(7), pc: 7n, func: 'seven' }])).to.equal(2);
  });

  it('freezes the frame object it records for a PC, so the record cannot change under it', () => {
    const t = new StackTable();
    const f = { pc: 1, func: 'f', file: 'x', line: 1 };
    t.put([f]);
    expect(Object.isFrozen(f)).to.equal(true);
    try {
      (f as { line: number }).line = 2; // throws in strict code, ignored in sloppy code
    } catch {
      /* either way the record is unchanged */
    }
    expect(f.line).to.equal(1);
  });

  it('putPCs symbolizes at dump, once per PC, and agrees with put(frames)', () => {
    const calls: (number | bigint)[] = [];
    const t = new StackTable({
      symbolize: (pc) => {
        calls.push(pc);
        return frameFor(pc);
      },
    });
    const a = t.putPCs([1, 2, 3]);
    expect(t.putPCs([1n, 2, 3])).to.equal(a);
    expect(t.put(stackOf([1, 2, 3]))).to.equal(a);
    const b = t.putPCs([4, 2, 2n ** 64n - 1n]);
    expect(calls).to.deep.equal([]);
    const g = readBack(dumpAll(t));
    // pcs 1..3 were described by put(frames), only 4 and 2^64-1 reach the symbolizer
    expect(calls).to.deep.equal([4, 2n ** 64n - 1n]);
    expect(stacksEqual(g.stack(b)!, stackOf([4, 2, 2n ** 64n - 1n]))).to.equal(true);
  });

  it('putPCs validates PCs and needs a symbolizer', () => {
    expect(() => new StackTable().putPCs([1])).to.throw(StackTableError);
    const t = new StackTable({ symbolize: frameFor });
    for (const bad of [[-1], [1.25], [2n ** 64n], ['1']]) {
      expect(() => t.putPCs(bad as number[])).to.throw(InvalidFrameError);
    }
    expect(t.size).to.equal(0);
    expect(t.putPCs([])).to.equal(0);
  });

  it('a bad symbolizer answer is a typed error', () => {
    const t = new StackTable({ symbolize: () => ({ func: 'f', file: 'x', line: -1 }) });
    t.putPCs([1]);
    expect(() => dumpAll(t)).to.throw(InvalidFrameError);
  });

  it('survives growth past initial capacities', () => {
    const t = new StackTable();
    const ids = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const pcs = [i % 97, (i * 31) % 1009, i];
      ids.set(pcs.join(), t.put(stackOf(pcs)));
    }
    for (const [k, id] of ids) expect(t.put(stackOf(k.split(',').map(Number)))).to.equal(id);
    expect(t.size).to.equal(5000);
  });
});
