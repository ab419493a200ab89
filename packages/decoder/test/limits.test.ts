/**
 * Hostile input (issue 6): limits are enforced before anything is buffered, name themselves and
 * can be overridden; every loop over input makes progress; 1 GB streams (generated lazily, never
 * on disk) are rejected within a second with bounded memory.
 */
import { expect } from 'chai';
import { rejection } from './support/thrown.js';
import {
  GotraceError, LimitExceededError, TextFormatError, TraceFormatError, UnsupportedVersionError,
  decodeRaw, iterateBatches, openBatches, openRaw, openText, openTrace, parseText, headerBytes, validateTraceSync,
  MAX_BATCH_SIZE, MAX_FRAMES_PER_STACK, MAX_STRING_SIZE, MAX_TEXT_LINE_BYTES,
} from '../src/index.js';

function uv(v: number | bigint, width = 0): number[] {
  const out: number[] = [];
  let x = BigInt(v);
  do {
    let b = Number(x & 0x7fn);
    x >>= 7n;
    if (x !== 0n || out.length + 1 < width) b |= 0x80;
    out.push(b);
  } while (x !== 0n || out.length < width);
  return out;
}
const H26 = [...headerBytes(26)];
const H22 = [...headerBytes(22)];
const bytes = (...parts: (number[] | Uint8Array)[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));
const batch = (gen: number, m: number, time: number, size: number, width = 0): number[] => [1, ...uv(gen), ...uv(m), ...uv(time), ...uv(size, width)];

/** Counts the bytes a consumer pulled from a lazy source. */
class Meter {
  pulled = 0;
  chunks = 0;
  /** `total` bytes: `head`, then `fill(chunkIndex, chunk)` bytes, in chunks of `chunk` bytes. */
  async *source(total: number, head: Uint8Array, fill: (k: number, buf: Uint8Array) => void, chunk = 1 << 20): AsyncGenerator<Uint8Array> {
    let sent = 0;
    if (head.length) {
      this.pulled += head.length;
      this.chunks++;
      sent += head.length;
      yield head;
    }
    for (let k = 0; sent < total; k++) {
      const n = Math.min(chunk, total - sent);
      const buf = new Uint8Array(n);
      fill(k, buf);
      sent += n;
      this.pulled += n;
      this.chunks++;
      yield buf;
    }
  }
}

function randomFill(seed: number): (k: number, buf: Uint8Array) => void {
  return (k, buf) => {
    let x = (seed ^ Math.imul(k + 1, 0x9e3779b1)) >>> 0 || 1;
    for (let i = 0; i < buf.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      buf[i] = x & 0xff;
    }
  };
}

const rejects = (p: Promise<unknown>): Promise<unknown> => rejection(() => p);

async function drain(it: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of it) n++;
  return n;
}

const GB = 1 << 30;
const MB = 1 << 20;

describe('limits: enforced before allocating, named, overridable', () => {
  it('batch size: Go\'s limit (65,536) by default, as a LimitExceededError with Go\'s message', () => {
    const b = bytes(H26, batch(1, 0, 0, MAX_BATCH_SIZE + 1, 10), new Uint8Array(MAX_BATCH_SIZE + 1));
    let err: unknown;
    try {
      [...iterateBatches(b)];
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(LimitExceededError).and.instanceOf(TraceFormatError);
    const le = err as LimitExceededError;
    expect(le).to.include({ limit: 'batch size', value: MAX_BATCH_SIZE + 1, max: MAX_BATCH_SIZE, offset: 16 });
    expect(le.goMessage).to.equal('invalid batch size 65537, maximum is 65536');
    // Exactly the limit is fine.
    const ok = bytes(H26, batch(1, 0, 0, MAX_BATCH_SIZE, 10), new Uint8Array(MAX_BATCH_SIZE));
    expect([...iterateBatches(ok)]).to.have.length(1);
  });

  it('batch size: overridable, both ways, sync and async', async () => {
    const b = bytes(H26, batch(1, 0, 0, 100), new Uint8Array(100));
    expect(() => [...iterateBatches(b, { maxBatchSize: 99 })]).to.throw(LimitExceededError, 'invalid batch size 100, maximum is 99');
    await rejects(openBatches([b], { maxBatchSize: 99 }).then(drain)).then((e) => expect(e).to.be.instanceOf(LimitExceededError));
    const big = bytes(H26, batch(1, 0, 0, 70000), new Uint8Array(70000));
    expect(() => [...iterateBatches(big)]).to.throw(LimitExceededError);
    expect([...iterateBatches(big, { maxBatchSize: 1 << 17 })]).to.have.length(1);
    expect(await drain(await openBatches([big], { maxBatchSize: 1 << 17 }))).to.equal(1);
  });

  it('batch size above 2^64: still the limit error (with the bigint value), not a crash', () => {
    const b = bytes(H26, [1, 1, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    expect(() => [...iterateBatches(b)]).to.throw(LimitExceededError, 'invalid batch size 18446744073709551615');
  });

  it('data length (strings, experimental batches) in the flat reader: 65,536 by default, overridable', () => {
    const str = (len: number): Uint8Array => bytes(H26, batch(1, 0, 0, 0), [4], [5, 1, ...uv(len)], new Uint8Array(len)); // Strings, String id=1
    expect(() => decodeRaw(str(MAX_BATCH_SIZE + 1))).to.throw(LimitExceededError, 'data length 65537 exceeds the limit of 65536');
    expect(decodeRaw(str(2000)).events.at(-1)!.data!.length).to.equal(2000);
    let err: unknown;
    try {
      decodeRaw(str(2000), { maxDataLength: 1024 });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(LimitExceededError).and.include({ limit: 'data length', value: 2000, max: 1024 });
  });

  it('string length in the ordered reader: Go\'s 1,024', () => {
    const s = new Uint8Array(MAX_STRING_SIZE + 1).fill(0x61);
    const b = bytes(H26, batch(1, 0, 0, 3 + uv(s.length).length + s.length), [4, 5, 1, ...uv(s.length)], s, [0x34]);
    const r = validateTraceSync(b);
    expect(r.error).to.be.instanceOf(GotraceError);
    expect(r.error!.message).to.contain(`invalid string size ${MAX_STRING_SIZE + 1}, maximum is ${MAX_STRING_SIZE}`);
  });

  it('frames per stack: 128 by default, overridable, checked before the frames are read', () => {
    // Stacks, Stack id=1 n=N with no frames at all behind it: the claim alone is rejected.
    const st = (n: number): Uint8Array => bytes(H26, batch(1, 0, 0, 0), [2, 3, 1, ...uv(n)]);
    let err: unknown;
    try {
      decodeRaw(st(1e9));
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(LimitExceededError).and.include({ limit: 'frames per stack', value: 1e9, max: MAX_FRAMES_PER_STACK });
    expect(() => decodeRaw(st(2), { maxFramesPerStack: 1 })).to.throw(LimitExceededError, 'invalid stack size 2, maximum is 1');
  });

  it('text line length: Go\'s 65,535 bytes, also while streaming an endless line', async () => {
    expect(() => parseText('Trace Go1.26\n' + 'x'.repeat(MAX_TEXT_LINE_BYTES + 1) + '\n')).to.throw(TextFormatError, 'token too long');
    const m = new Meter();
    const endless = m.source(GB, new TextEncoder().encode('Trace Go1.26\n'), (_, b) => b.fill(0x78), 4096);
    const e = await rejects(openText(endless).then(drain));
    expect(e).to.be.instanceOf(TextFormatError).and.include({ line: 2 });
    expect(m.pulled).to.be.below(MAX_TEXT_LINE_BYTES + 3 * 4096);
  });
});

describe('progress: every loop over input consumes bytes or ends', () => {
  const timed = (fn: () => void, ms = 2000): void => {
    const t0 = performance.now();
    fn();
    expect(performance.now() - t0).to.be.below(ms);
  };
  const typed = (fn: () => unknown): GotraceError | undefined => {
    try {
      fn();
      return undefined;
    } catch (e) {
      expect(e, String(e)).to.be.instanceOf(GotraceError);
      return e as GotraceError;
    }
  };
  const readOrdered = (b: Uint8Array): GotraceError | undefined => {
    const r = validateTraceSync(b);
    if (r.error) expect(r.error, String(r.error)).to.be.instanceOf(GotraceError);
    return r.error as GotraceError | undefined;
  };

  it('a megabyte of zero-size batches: framed one by one, then ends', () => {
    const one = batch(1, 0, 0, 0, 10);
    const body = new Uint8Array(MB - (MB % one.length));
    for (let i = 0; i < body.length; i += one.length) body.set(one, i);
    const b = bytes(H22, body);
    timed(() => {
      let last = -1;
      let n = 0;
      for (const rec of iterateBatches(b)) {
        if (rec.offset <= last) throw new Error(`no progress at ${rec.offset}`);
        last = rec.offset;
        n++;
      }
      expect(n).to.equal(body.length / one.length);
    });
    timed(() => typed(() => decodeRaw(b)));
    timed(() => readOrdered(b));
  });

  it('endless 0x31 bytes (ExperimentalBatch headers all the way): every reader ends', async () => {
    const b = bytes(H26, new Uint8Array(MB).fill(0x31));
    timed(() => typed(() => [...iterateBatches(b)]));
    timed(() => typed(() => decodeRaw(b)));
    timed(() => readOrdered(b));
    // Streamed: records keep coming with growing offsets (each consumes its bytes).
    const m = new Meter();
    const s = await openBatches(m.source(GB, Uint8Array.from(H26), (_, x) => x.fill(0x31), 64 * 1024));
    let last = -1;
    let n = 0;
    for await (const rec of s) {
      if (rec.offset <= last) throw new Error(`no progress at ${rec.offset}`);
      last = rec.offset;
      if (++n === 2000) break;
    }
    expect(m.pulled).to.be.below(4 * MB);
  });

  it('huge varints: a megabyte of continuation bytes is an overflow at once', () => {
    const b = bytes(H26, [1], new Uint8Array(MB).fill(0xff));
    timed(() => expect(typed(() => [...iterateBatches(b)])).to.be.instanceOf(TraceFormatError).and.include({ code: 'bad-varint' }));
    timed(() => expect(typed(() => decodeRaw(b))).to.be.instanceOf(TraceFormatError));
    timed(() => expect(readOrdered(b)).to.be.instanceOf(GotraceError));
    const t = 'Trace Go1.26\nEventBatch gen=' + '9'.repeat(60000) + ' m=0 time=0 size=0\n';
    timed(() => expect(typed(() => parseText(t))).to.be.instanceOf(TextFormatError));
  });

  it('deeply nested nothing: empty generations, empty tables, blank text lines', () => {
    // A thousand generations, each only an end-of-generation marker (v26) or an empty batch.
    const eogs = bytes(H26, ...Array.from({ length: 1000 }, () => [0x34]));
    timed(() => readOrdered(eogs));
    const empties = bytes(H26, ...Array.from({ length: 1000 }, (_, i) => [...batch(i + 1, 0, 0, 0), 0x34]));
    timed(() => readOrdered(empties));
    // Table sections with nothing in them, over and over.
    const tables = bytes(H26, ...Array.from({ length: 5000 }, () => [...batch(1, 0, 0, 1), 3]));
    timed(() => readOrdered(tables));
    timed(() => typed(() => parseText('Trace Go1.26\n' + '\n'.repeat(MB))));
    timed(() => typed(() => parseText('Trace Go1.26\n' + ' \t\r\n'.repeat(200000))));
  });

  it('a text line fed one byte at a time is read in linear time', async () => {
    const line = new TextEncoder().encode('Trace Go1.26\nEventBatch gen=1 m=0 time=0 size=0 ' + ' '.repeat(60000) + '\n');
    const t0 = performance.now();
    const s = await openText((function* () {
      for (let i = 0; i < line.length; i++) yield line.subarray(i, i + 1);
    })());
    expect(await drain(s)).to.equal(1);
    expect(performance.now() - t0).to.be.below(3000);
  });
});

describe('1 GB inputs (generated lazily): rejected within a second, memory bounded', function () {
  this.timeout(20000);

  async function check(name: string, run: (src: AsyncIterable<Uint8Array>) => Promise<unknown>, head: Uint8Array, fill: (k: number, b: Uint8Array) => void): Promise<unknown> {
    globalThis.gc?.();
    const mem0 = process.memoryUsage();
    const m = new Meter();
    const t0 = performance.now();
    const err = await rejects(run(m.source(GB, head, fill)));
    const ms = performance.now() - t0;
    const mem1 = process.memoryUsage();
    const grew = mem1.heapUsed + mem1.arrayBuffers - (mem0.heapUsed + mem0.arrayBuffers);
    expect(err, `${name}: ${String(err)}`).to.be.instanceOf(GotraceError);
    expect(ms, `${name}: time`).to.be.below(1000);
    expect(m.pulled, `${name}: bytes pulled`).to.be.below(4 * MB);
    expect(grew, `${name}: memory growth`).to.be.below(64 * MB);
    return err;
  }

  const readers: [string, (src: AsyncIterable<Uint8Array>) => Promise<unknown>][] = [
    ['openRaw', async (s) => drain(await openRaw(s))],
    ['openBatches', async (s) => drain(await openBatches(s))],
    ['openTrace', async (s) => drain(await openTrace(s))],
    ['openText', async (s) => drain(await openText(s))],
  ];

  for (const [name, run] of readers) {
    it(`${name}: 1 GB of random bytes`, async () => {
      await check(name, run, new Uint8Array(0), randomFill(1));
    });
    it(`${name}: a valid header, then 1 GB of random bytes`, async () => {
      const head = name === 'openText' ? new TextEncoder().encode('Trace Go1.26\n') : headerBytes(26);
      await check(name, run, head, randomFill(2));
    });
  }

  for (const [name, run] of readers.slice(0, 3)) {
    it(`${name}: a 1 GB trace with one huge batch length`, async () => {
      // One EventBatch claiming (almost) the whole gigabyte as its payload, padded like the runtime.
      const head = bytes(H26, batch(1, 0, 0, GB - 40, 10));
      const err = await check(name, run, head, (k, b) => {
        if (k === 0) b.set([4, 5, 1, 5, 0x68, 0x65, 0x6c, 0x6c, 0x6f]); // a plausible start (Strings, String "hello")
      });
      if (name !== 'openRaw') expect(err).to.be.instanceOf(LimitExceededError).and.include({ limit: 'batch size', offset: 16 });
    });
  }

  it('UnsupportedVersionError for a 1 GB v1 trace, from the first 16 bytes', async () => {
    const err = await check('openTrace', async (s) => drain(await openTrace(s)), new TextEncoder().encode('go 1.21 trace\0\0\0'), randomFill(3));
    expect(err).to.be.instanceOf(UnsupportedVersionError);
  });
});
