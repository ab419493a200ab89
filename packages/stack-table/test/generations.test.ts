import { expect } from 'chai';
import { GenerationTables } from '../src/generations.js';
import { CollectingSink } from '../src/sink.js';
import { GenerationError, QuiescenceError, WriterReleasedError } from '../src/errors.js';
import { stacksEqual } from '../src/frame.js';
import { frameFor, readBack, stackOf } from './helpers.js';

describe('GenerationTables', () => {
  it('refuses a dump while a writer is active and dumps after release', () => {
    const t = new GenerationTables();
    const w = t.acquire(1);
    const id = w.put(stackOf([1, 2]));
    expect(() => t.dump(1, new CollectingSink())).to.throw(QuiescenceError);
    w.release();
    const sink = new CollectingSink();
    t.dump(1, sink);
    expect(sink.ended).to.deep.equal(['stacks', 'strings']);
    expect(stacksEqual(readBack(sink).stack(id)!, stackOf([1, 2]))).to.equal(true);
  });

  it('strings put by writers come before the names added by the stack dump', () => {
    const t = new GenerationTables();
    const w = t.acquire(3);
    expect(w.string('GC (dedicated)')).to.equal(1);
    expect(w.uniqueString('hello')).to.equal(2);
    w.put(stackOf([5]));
    w.release();
    const sink = new CollectingSink();
    t.dump(3, sink);
    const dec = new TextDecoder();
    expect(sink.strings.map((s) => dec.decode(s.bytes))).to.deep.equal(['GC (dedicated)', 'hello', 'pkg.f5', '/src/pkg/file5.go']);
  });

  it('a sink bound to the generation\'s string table gets strings eagerly, on first use', () => {
    const t = new GenerationTables();
    const w = t.acquire(1);
    const eager = new CollectingSink();
    w.string('before');
    t.strings(1).bind(eager);
    expect(eager.strings.length).to.equal(1);
    w.string('after');
    w.string('before');
    expect(eager.strings.map((s) => s.id)).to.deep.equal([1, 2]);
    w.release();
    t.dump(1, eager);
    expect(eager.ended).to.deep.equal(['stacks', 'strings']);
  });

  it('next generation writers keep working while the previous one waits and is dumped', async () => {
    const t = new GenerationTables();
    const w1 = t.acquire(1);
    w1.put(stackOf([1]));
    const done = t.dumpWhenQuiescent(1, new CollectingSink());
    // gen 1 is sealed: no new writers for it, but gen 2 is open
    expect(() => t.acquire(1)).to.throw(GenerationError);
    const w2 = t.acquire(2);
    expect(w2.put(stackOf([9]))).to.equal(1);
    let finished = false;
    void done.then(() => (finished = true));
    await Promise.resolve();
    expect(finished).to.equal(false);
    w1.release();
    await done;
    expect(t.liveGenerations()).to.deep.equal([2]);
    // gen 2 writer never noticed; gen 3 reuses gen 1's slot with IDs from 1 again
    expect(w2.put(stackOf([8]))).to.equal(2);
    w2.release();
    t.dump(2, new CollectingSink());
    const w3 = t.acquire(3);
    expect(w3.put(stackOf([8]))).to.equal(1);
    w3.release();
  });

  it('enforces the generation rules', () => {
    const t = new GenerationTables();
    expect(() => t.acquire(0)).to.throw(GenerationError);
    expect(() => t.acquire(1.5)).to.throw(GenerationError);
    t.acquire(5).release();
    expect(() => t.acquire(7)).to.throw(GenerationError); // more than one ahead of live 5
    expect(() => t.acquire(4)).to.throw(GenerationError); // starting before a live later gen
    t.acquire(6).release();
    expect(() => t.dump(6, new CollectingSink())).to.throw(GenerationError); // 5 first
    t.dump(5, new CollectingSink());
    expect(() => t.acquire(5)).to.throw(GenerationError); // already dumped
    expect(() => t.dump(5, new CollectingSink())).to.throw(GenerationError);
    t.acquire(7).release();
    t.dump(6, new CollectingSink());
    t.dump(7, new CollectingSink());
    expect(t.liveGenerations()).to.deep.equal([]);
    t.acquire(20).release(); // nothing live: a gap is fine
  });

  it('a released writer cannot be used', () => {
    const t = new GenerationTables();
    const w = t.acquire(1);
    w.release();
    expect(w.released).to.equal(true);
    expect(() => w.put(stackOf([1]))).to.throw(WriterReleasedError);
    expect(() => w.release()).to.throw(WriterReleasedError);
    expect(t.activeWriters(1)).to.equal(0);
  });

  it('frames of one PC may differ between generations', () => {
    const t = new GenerationTables();
    const a = t.acquire(1);
    a.put([frameFor(1)]);
    const b = t.acquire(2);
    b.put([{ ...frameFor(1), line: 77 }]);
    a.release();
    b.release();
    t.dump(1, new CollectingSink());
    t.dump(2, new CollectingSink());
  });

  it('putPCs through a writer uses the symbolizer at dump', () => {
    const t = new GenerationTables({ symbolize: frameFor });
    const w = t.acquire(1);
    const id = w.putPCs([3, 4]);
    w.release();
    const sink = new CollectingSink();
    t.dump(1, sink);
    expect(stacksEqual(readBack(sink).stack(id)!, stackOf([3, 4]))).to.equal(true);
  });
});
