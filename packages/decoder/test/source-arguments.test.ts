/**
 * Wrong arguments to the reading API — not a trace source, a stream yielding something other
 * than bytes, text that is not a string — are a TypeError naming what was given, thrown before
 * anything is read (or, for a bad chunk, naming the chunk and the bytes before it). Other
 * BufferSources read as their bytes. validateTrace returns the trace's errors but throws the
 * caller's (bad arguments, its callback's exceptions).
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { TraceReader, TraceReaderSync, openTrace, validateTrace, validateTraceSync } from '../src/reader.js';
import { decodeRaw, iterateRaw, openRaw, readHeader } from '../src/wire/raw-reader.js';
import { iterateBatches, openBatches } from '../src/wire/batches.js';
import { describeValue } from '../src/wire/source.js';
import { parseText, openText } from '../src/text/index.js';
import { TraceFormatError } from '../src/errors.js';
import { openTrace as openTraceNode, validateTraceFile } from '../src/node.js';
import { FIXTURES, listFiles, readBytes } from './support/corpus.js';
import { rejection } from './support/thrown.js';

const trace = listFiles(join(FIXTURES, 'traces'), '.trace')[0]!;
const bytes = readBytes(trace);

const NOT_SOURCES: [string, unknown, RegExp][] = [
  ['null', null, /got null$/],
  ['undefined', undefined, /got undefined$/],
  ['a number', 42, /got a number \(42\)$/],
  ['a plain object', {}, /got a plain object$/],
  ['a path string', 'x.trace', /got a string \("x\.trace"\) \(.*@gotrace\/decoder\/node\)$/],
];

describe('reading API arguments', () => {
  it('describes values plainly', () => {
    expect(describeValue([1])).to.equal('an array');
    expect(describeValue(new Map())).to.equal('a Map');
    expect(describeValue(new Int16Array(1))).to.equal('an Int16Array');
    expect(describeValue(new Uint8Array(1))).to.equal('a Uint8Array');
    expect(describeValue(Object.create(null))).to.equal('an object without a prototype');
    expect(describeValue({ constructor: 5 })).to.equal('a plain object');
    expect(describeValue(new (class {})())).to.equal('an object');
    expect(describeValue('y'.repeat(100))).to.match(/^a string \("y{60}…"\)$/);
  });

  for (const [name, v, msg] of NOT_SOURCES) {
    it(`rejects ${name} as a trace, before reading, with a TypeError`, async () => {
      for (const f of [() => new TraceReaderSync(v as Uint8Array), () => decodeRaw(v as Uint8Array), () => readHeader(v as Uint8Array), () => [...iterateBatches(v as Uint8Array)], () => validateTraceSync(v as Uint8Array)]) {
        expect(f).to.throw(TypeError, /^trace: expected a Uint8Array/);
        expect(f).to.throw(msg);
      }
      // Async readers: the constructor throws at once; the openers reject.
      expect(() => new TraceReader(v as Uint8Array)).to.throw(TypeError, /^trace source: expected/);
      for (const f of [() => openTrace(v as Uint8Array), () => openRaw(v as Uint8Array), () => openBatches(v as Uint8Array), () => validateTrace(v as Uint8Array), () => openText(v as Uint8Array)]) {
        const e = await rejection(f);
        expect(e).to.be.instanceOf(TypeError);
        expect((e as Error).message).to.match(/^trace source: expected/);
      }
    });
  }

  it('the Node entry point takes a path, and rejects other non-sources the same way', async () => {
    const r = await openTraceNode(trace);
    expect(await r.scan(() => {})).to.be.greaterThan(0);
    const e = await rejection(() => openTraceNode(42 as unknown as string));
    expect(e).to.be.instanceOf(TypeError);
  });

  it('reads any BufferSource as its bytes (ArrayBuffer, DataView, other typed arrays), without copying', async () => {
    const copy = new ArrayBuffer(bytes.length + 8);
    new Uint8Array(copy, 8).set(bytes);
    const want = [...iterateRaw(bytes)].length;
    const dv = new DataView(copy, 8);
    expect([...iterateRaw(dv as unknown as Uint8Array)].length).to.equal(want);
    expect([...iterateRaw(copy.slice(8) as unknown as Uint8Array)].length).to.equal(want);
    // A 16-bit view reads as the bytes under it (an even-length prefix: a cut trace, same verdict).
    const even = bytes.length & ~1;
    const wide = new Uint16Array(copy, 8, even / 2);
    const outcome = (b: Uint8Array): string => {
      try {
        return `events ${[...iterateRaw(b)].length}`;
      } catch (e) {
        return `error ${(e as Error).message}`;
      }
    };
    expect(outcome(wide as unknown as Uint8Array)).to.equal(outcome(bytes.subarray(0, even)));
    expect(validateTraceSync(dv as unknown as Uint8Array)).to.deep.equal(validateTraceSync(bytes));
    expect((await validateTrace([dv] as unknown as Uint8Array[])).events).to.equal(validateTraceSync(bytes).events);
  });

  it('names a stream chunk that is not bytes, its index and the bytes before it', async () => {
    const chunks = [bytes.subarray(0, 100), bytes.subarray(100, 200), 'oops', bytes.subarray(200)];
    const sources = [
      () => chunks,
      () => Readable.from(chunks, { objectMode: true }),
      () => new ReadableStream({ start(c) { for (const x of chunks) c.enqueue(x); c.close(); } }),
    ];
    for (const src of sources) {
      const e = await rejection(async () => (await openTrace(src() as Iterable<Uint8Array>)).scan(() => {}));
      expect(e).to.be.instanceOf(TypeError);
      expect((e as Error).message).to.equal('trace source: chunk 2 (after 200 bytes) is a string ("oops"); expected a Uint8Array');
      // validateTrace throws it too: it is the caller's mistake, not the trace's verdict.
      const v = await rejection(() => validateTrace(src() as Iterable<Uint8Array>));
      expect((v as Error).message).to.equal((e as Error).message);
    }
    // Before the fix an async iterable of strings read as an empty input: a wrong verdict.
    const e = await rejection(() => openTrace((async function* () { yield 'abc'; })() as AsyncIterable<Uint8Array>));
    expect((e as Error).message).to.equal('trace source: chunk 0 (after 0 bytes) is a string ("abc"); expected a Uint8Array');
  });

  it('validateTrace returns the trace\'s errors but throws its callback\'s', async () => {
    const bad = bytes.subarray(0, 10);
    expect(validateTraceSync(bad).error).to.be.instanceOf(TraceFormatError);
    expect((await validateTrace(bad)).error).to.be.instanceOf(TraceFormatError);
    const mine = new Error('mine');
    expect(() => validateTraceSync(bytes, () => { throw mine; })).to.throw(mine);
    expect(await rejection(() => validateTrace(bytes, () => { throw mine; }))).to.equal(mine);
  });

  it("validateTrace returns a stream's own read errors, TypeErrors included (a fetch body's network error is one)", async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield bytes.subarray(0, 300);
      throw new TypeError('terminated');
    }
    const r = await validateTrace(failing());
    expect(r.error).to.be.instanceOf(TypeError);
    expect(r.error!.message).to.equal('terminated');
  });

  it('checks option objects and callbacks before reading', async () => {
    const bad: [string, unknown, RegExp][] = [
      ['null', null, /^TypeError: .*: expected an options object, got null$/],
      ['a number', 5, /^TypeError: .*: expected an options object, got a number \(5\)$/],
      ['a misspelt key', { salvge: true, maxDataLenght: 1, maxLinebytes: 1 }, /^RangeError: .*: unknown option (salvge|maxDataLenght|maxLinebytes) \(known: /],
    ];
    for (const [name, o, msg] of bad) {
      const text = 'Trace Go1.26\n';
      const calls: [string, () => unknown][] = [
        ['TraceReaderSync', () => new TraceReaderSync(bytes, o as never)],
        ['TraceReader', () => new TraceReader(bytes, o as never)],
        ['openTrace', () => openTrace(bytes, o as never)],
        ['decodeRaw', () => decodeRaw(bytes, o as never)],
        ['openRaw', () => openRaw(bytes, o as never)],
        ['iterateBatches', () => [...iterateBatches(bytes, o as never)]],
        ['openBatches', () => openBatches(bytes, o as never)],
        ['parseText', () => parseText(text, o as never)],
        ['openText', () => openText(new TextEncoder().encode(text), o as never)],
      ];
      for (const [fn, f] of calls) {
        const e = await rejection(f);
        expect(`${(e as Error).name}: ${(e as Error).message}`, `${fn} with ${name}`).to.match(msg);
      }
    }
    expect(() => new TraceReaderSync(bytes, { salvage: 'yes' } as never)).to.throw(TypeError, 'option salvage must be true or false, got a string ("yes")');
    expect(() => new TraceReaderSync(bytes, { limits: null } as never)).to.throw(TypeError, 'option limits: expected an object, got null');
    // A callback that is not a function is refused at once, even for a trace without events.
    expect(() => validateTraceSync(bytes.subarray(0, 16), 'x' as never)).to.throw(TypeError, 'onEvent: expected a function, got a string ("x")');
    expect(await rejection(() => validateTrace(bytes.subarray(0, 16), 'x' as never))).to.be.instanceOf(TypeError);
    // The Node entry's file functions reject (never throw synchronously) on a path that is none.
    const p = validateTraceFile(42 as never);
    expect(p).to.be.instanceOf(Promise);
    expect(await rejection(() => p)).to.be.instanceOf(TypeError);
  });

  it('parseText wants a string', () => {
    expect(() => parseText(null as unknown as string)).to.throw(TypeError, 'text: expected a string, got null');
    expect(() => parseText(new Uint8Array(2) as unknown as string)).to.throw(TypeError, /got a Uint8Array \(decode bytes with TextDecoder first/);
  });
});
