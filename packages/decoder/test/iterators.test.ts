/**
 * The readers' iterators are plain objects (faster than generators) that must behave like
 * generators: iterable themselves, done for good after the end, an error or return() (`break`).
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { TraceReaderSync, openTrace } from '../src/reader.js';
import { FIXTURES, readBytes } from './support/corpus.js';

const good = readBytes(join(FIXTURES, 'traces', 'mixed-go126.trace'));
const strings = (r: TraceReaderSync): string[] => {
  const out: string[] = [];
  for (let ev = r.readEvent(); ev !== null; ev = r.readEvent()) out.push(String(ev));
  return out;
};
const all = strings(new TraceReaderSync(good));
/** The same trace cut short: some events, then an error. */
const cut = good.slice(0, Math.floor(good.length * 0.6));

describe('reader iterators behave like generators', () => {
  it('sync: the iterator is iterable itself (Array.from, spread, next() then for…of)', () => {
    expect(Array.from(new TraceReaderSync(good)[Symbol.iterator](), String)).to.deep.equal(all);
    expect([...new TraceReaderSync(good)[Symbol.iterator]()].map(String)).to.deep.equal(all);
    const it = new TraceReaderSync(good)[Symbol.iterator]();
    const first = it.next();
    const rest: string[] = [];
    for (const ev of it) rest.push(String(ev));
    expect([String(first.value), ...rest]).to.deep.equal(all);
    expect(it.next().done).to.equal(true); // and stays done
  });

  it('sync: break ends the iterator (return), the reader reads on', () => {
    const r = new TraceReaderSync(good);
    const it = r[Symbol.iterator]();
    for (const _ of it) break;
    expect(it.next()).to.deep.equal({ done: true, value: undefined });
    expect(String(r.readEvent())).to.equal(all[1]);
  });

  it('sync: after the trace error, next() is done', () => {
    const it = new TraceReaderSync(cut)[Symbol.iterator]();
    let n = 0;
    let err: unknown;
    try {
      while (!it.next().done) n++;
    } catch (e) {
      err = e;
    }
    expect(err, 'the cut trace fails').to.be.instanceOf(Error);
    expect(n).to.be.greaterThan(0);
    expect(it.next().done).to.equal(true);
  });

  it('async: iterable itself, done after break and after an error', async () => {
    const r = await openTrace(good);
    const it = r[Symbol.asyncIterator]();
    expect(it[Symbol.asyncIterator]()).to.equal(it);
    const got: string[] = [];
    for await (const ev of it) {
      got.push(String(ev));
      if (got.length === 3) break;
    }
    expect(got).to.deep.equal(all.slice(0, 3));
    expect(await it.next()).to.deep.equal({ done: true, value: undefined });

    const bad = (await openTrace(cut))[Symbol.asyncIterator]();
    let err: unknown;
    try {
      while (!(await bad.next()).done);
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(Error);
    expect((await bad.next()).done).to.equal(true);
  });
});
