import { expect } from 'chai';
import { GenerationStacks, StackTableReader } from '../src/reader.js';
import { DuplicateIdError, InvalidFrameError, UnknownIdError } from '../src/errors.js';
import type { StringId } from '../src/ids.js';

const enc = new TextEncoder();
const sid = (n: number) => n as StringId;

describe('GenerationStacks (read side)', () => {
  it('rebuilds stacks whose strings arrive later', () => {
    const g = new GenerationStacks(1);
    g.addStack(4, [{ pc: 10, func: sid(1), file: sid(2), line: 3 }, { pc: 11, func: sid(0), file: sid(2), line: 0 }]);
    g.addString(1, enc.encode('main.main'));
    g.addString(2, enc.encode('/x/main.go'));
    g.validate();
    expect(g.stack(4)).to.deep.equal([
      { pc: 10, func: 'main.main', file: '/x/main.go', line: 3 },
      { pc: 11, func: '', file: '/x/main.go', line: 0 },
    ]);
    expect(g.stack(0)).to.deep.equal([]);
    expect(g.stack(5)).to.equal(undefined);
  });

  it('rejects duplicate and zero IDs', () => {
    const g = new GenerationStacks();
    g.addString(1, enc.encode('a'));
    expect(() => g.addString(1, enc.encode('b'))).to.throw(DuplicateIdError);
    expect(() => g.addString(0, enc.encode(''))).to.throw(DuplicateIdError);
    g.addStack(1, []);
    expect(() => g.addStack(1, [])).to.throw(DuplicateIdError);
    expect(() => g.addStack(0, [])).to.throw(DuplicateIdError);
  });

  it('reports unknown string IDs and bad frames', () => {
    const g = new GenerationStacks();
    g.addStack(1, [{ pc: 1, func: sid(9), file: sid(0), line: 1 }]);
    expect(() => g.validate()).to.throw(UnknownIdError);
    expect(() => g.stack(1)).to.throw(UnknownIdError);
    expect(() => g.addStack(2, new Array(129).fill({ pc: 1, func: sid(0), file: sid(0), line: 1 }))).to.throw(InvalidFrameError);
    expect(() => g.addStack(3, [{ pc: -1, func: sid(0), file: sid(0), line: 1 }])).to.throw(InvalidFrameError);
    expect(() => g.addStack(4, [{ pc: 1n, func: sid(0), file: sid(0), line: 1 }])).to.throw(InvalidFrameError);
  });

  it('keys frames by PC like Go: the first stack mentioning a PC wins', () => {
    const g = new GenerationStacks();
    g.addString(1, enc.encode('f'));
    g.addString(2, enc.encode('g'));
    g.addStack(1, [{ pc: 7, func: sid(1), file: sid(0), line: 1 }]);
    g.addStack(2, [{ pc: 7, func: sid(2), file: sid(0), line: 2 }]);
    expect(g.stack(2)![0]!.func).to.equal('f');
  });

  it('StackTableReader keeps one table per generation', () => {
    const r = new StackTableReader();
    r.generation(1).addString(1, enc.encode('a'));
    r.generation(2).addString(1, enc.encode('b'));
    expect(r.generation(1).string(1)).to.equal('a');
    expect(r.generation(2).string(1)).to.equal('b');
    r.drop(1);
    expect(r.generation(1).string(1)).to.equal(undefined);
  });
});
