import { expect } from 'chai';
import { StringTable } from '../src/string-table.js';
import { CollectingSink } from '../src/sink.js';

const dec = new TextDecoder();

describe('StringTable', () => {
  it('dedups, starts at 1, returns 0 for the empty string without emitting', () => {
    const t = new StringTable();
    const sink = new CollectingSink();
    expect(t.put('')).to.equal(0);
    expect(t.put('a')).to.equal(1);
    expect(t.put('b')).to.equal(2);
    expect(t.put('a')).to.equal(1);
    expect(t.put(new TextEncoder().encode('b'))).to.equal(2);
    t.flush(sink);
    expect(sink.strings.map((s) => [s.id, dec.decode(s.bytes)])).to.deep.equal([[1, 'a'], [2, 'b']]);
  });

  it('emits eagerly in first-use order when bound, buffered otherwise (same sequence)', () => {
    const eager = new CollectingSink();
    const a = new StringTable(eager);
    const b = new StringTable();
    for (const s of ['x', 'y', 'x', 'z', '', 'y', 'w']) {
      a.put(s);
      b.put(s);
    }
    expect(eager.strings.length).to.equal(4);
    const late = new CollectingSink();
    b.bind(late);
    expect(late.strings).to.deep.equal(eager.strings);
    b.put('v');
    expect(late.strings.at(-1)!.id).to.equal(5);
  });

  it('putUnique takes fresh IDs from the same counter, also for equal or empty strings', () => {
    const sink = new CollectingSink();
    const t = new StringTable(sink);
    expect(t.put('cat')).to.equal(1);
    expect(t.putUnique('msg')).to.equal(2);
    expect(t.putUnique('msg')).to.equal(3);
    expect(t.putUnique('')).to.equal(4);
    expect(t.put('msg')).to.equal(5);
    expect(sink.strings.map((s) => s.bytes.length)).to.deep.equal([3, 3, 3, 0, 3]);
  });

  it('ordinary strings keep their first 1024 bytes, names their last 1024 (by bytes)', () => {
    const sink = new CollectingSink();
    const t = new StringTable(sink);
    const long = 'A' + 'é'.repeat(1000) + 'Z'; // 2002 bytes
    const id1 = t.put(long);
    const id2 = t.putName(long);
    const [r1, r2] = sink.strings;
    expect(r1!.id).to.equal(id1);
    expect(r1!.bytes.length).to.equal(1024);
    expect(r1!.bytes[0]).to.equal(0x41);
    expect(r2!.id).to.equal(id2);
    expect(r2!.bytes.length).to.equal(1024);
    expect(r2!.bytes[1023]).to.equal(0x5a);
    // Names are keyed after truncation: two names with the same last 1024 bytes share an ID.
    expect(t.putName('prefix' + long)).to.equal(id2);
    // Ordinary strings are keyed by their full bytes (the runtime's rule), so these differ.
    expect(t.put(long + 'x')).to.not.equal(id1);
  });

  it('reset restarts IDs at 1', () => {
    const t = new StringTable();
    t.put('a');
    t.put('b');
    t.reset();
    expect(t.put('b')).to.equal(1);
    expect(t.size).to.equal(1);
  });

  it('rejects non-string input with a TypeError and stays consistent', () => {
    const t = new StringTable();
    expect(() => t.put(3 as unknown as string)).to.throw(TypeError);
    expect(t.put('ok')).to.equal(1);
  });
});
