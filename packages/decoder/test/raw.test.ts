import { expect } from 'chai';
import { decodeRaw, openRaw, iterateRaw } from '../src/wire/raw-reader.js';
import { iterateBatches, openBatches } from '../src/wire/batches.js';
import { TraceFormatError, TruncatedTraceError, LimitExceededError } from '../src/errors.js';
import { STEAL_SIMPLE_BIN, V26_BIN, chunks, collect, concat, hex } from './helpers.js';

const NO_THREAD = 2n ** 64n - 1n;

describe('raw reader (flat view)', () => {
  it('decodes the §17.2 example event by event', () => {
    const t = decodeRaw(STEAL_SIMPLE_BIN);
    expect(t.version).to.equal(22);
    expect(t.events.map((e) => e.name)).to.deep.equal([
      'EventBatch', 'ProcStatus', 'GoStatus', 'GoSyscallBegin', 'GoSyscallEndBlocked',
      'EventBatch', 'ProcStatus', 'GoStatus', 'ProcSteal',
      'EventBatch', 'Frequency', 'EventBatch', 'Stacks', 'EventBatch', 'Strings',
    ]);
    expect(t.events[0]).to.deep.include({ args: [1, 0, 0, 15], offset: 16, lengthWidth: 1 });
    expect(t.events[8]!.args).to.deep.equal([1, 0, 2, 0]);
    expect(t.events[9]!.args).to.deep.equal([1, NO_THREAD, 0, 5]);
    expect(t.events[10]).to.deep.include({ args: [15625000], offset: 69 });
  });

  it('decodes frames and data of the §17.4 example', () => {
    const t = decodeRaw(V26_BIN);
    const stack = t.events.find((e) => e.name === 'Stack')!;
    expect(stack.args).to.deep.equal([1, 1]);
    expect(stack.frames).to.deep.equal([4198400, 2, 3, 10]);
    const strs = t.events.filter((e) => e.name === 'String').map((e) => new TextDecoder().decode(e.data));
    expect(strs).to.deep.equal(['select', 'main.main', 'main.go']);
    expect(t.events.at(-1)!.name).to.equal('EndOfGeneration');
  });

  it('reads the same events from any chunking of the input', async () => {
    const want = decodeRaw(V26_BIN).events.map((e) => ({ ...e, data: e.data && [...e.data] }));
    for (const size of [1, 2, 3, 7, 16, 1000]) {
      const s = await openRaw(chunks(V26_BIN, size));
      expect(s.version).to.equal(26);
      const got = (await collect(s)).map((e) => ({ ...e, data: e.data && [...e.data] }));
      expect(got, `chunk size ${size}`).to.deep.equal(want);
    }
  });

  it('reads from a Node Readable, a web ReadableStream and an ArrayBuffer', async () => {
    const { Readable } = await import('node:stream');
    const want = decodeRaw(V26_BIN).events.map((e) => e.name);
    const fromNode = await collect(await openRaw(Readable.from([...chunks(V26_BIN, 10)].map((c) => Buffer.from(c)))));
    expect(fromNode.map((e) => e.name)).to.deep.equal(want);
    const parts = [...chunks(V26_BIN, 7)];
    const web = new ReadableStream<Uint8Array>({
      pull(ctl) {
        const c = parts.shift();
        if (c) ctl.enqueue(c);
        else ctl.close();
      },
    });
    expect((await collect(await openRaw(web))).map((e) => e.name)).to.deep.equal(want);
    const ab = V26_BIN.slice().buffer;
    expect((await collect(await openRaw(ab))).map((e) => e.name)).to.deep.equal(want);
  });

  it('reports a cut event as truncation with the offset of the cut', async () => {
    const cut = V26_BIN.subarray(0, 58); // GoStatus at 55: type, dt, g, then the cut before m
    expect(() => decodeRaw(cut)).to.throw(TruncatedTraceError, 'inside GoStatus (reading m) (at byte 58)');
    let err: unknown;
    try {
      await collect(await openRaw(chunks(cut, 5)));
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(TruncatedTraceError);
    expect((err as TruncatedTraceError).offset).to.equal(58);
    expect(() => decodeRaw(V26_BIN.subarray(0, 110))).to.throw(TruncatedTraceError, /String data wants 6 bytes/);
  });

  it('rejects types the version does not define, with the offset', () => {
    const bad = concat(STEAL_SIMPLE_BIN, hex('2d 01 01 01')); // GoSwitch is 23+
    expect(() => decodeRaw(bad)).to.throw(TraceFormatError, 'invalid event type: 45 (at byte 104)');
    expect(() => decodeRaw(concat(STEAL_SIMPLE_BIN, hex('00')))).to.throw(TraceFormatError, 'invalid event type: 0');
  });

  it('rejects oversize stacks before allocating', () => {
    const bad = concat(STEAL_SIMPLE_BIN, hex('03 01 ff ff 03'));
    expect(() => decodeRaw(bad)).to.throw(LimitExceededError, 'invalid stack size 65535, maximum is 128');
  });

  it('iterates lazily', () => {
    const it = iterateRaw(V26_BIN);
    expect(it.next().value!.name).to.equal('EventBatch');
    expect(it.next().value!.name).to.equal('Sync');
  });
});

describe('batch reader (structured view)', () => {
  it('frames batches by their length, keeping m as an exact u64', () => {
    const recs = [...iterateBatches(V26_BIN)];
    expect(recs.map((r) => r.kind)).to.deep.equal(['batch', 'batch', 'batch', 'batch', 'end-of-generation']);
    const first = recs[0]!;
    if (first.kind !== 'batch') throw new Error('unreachable');
    expect(first).to.deep.include({ gen: 1, m: NO_THREAD, time: 99, offset: 16, dataOffset: 30, lengthWidth: 1 });
    expect([...first.data]).to.deep.equal([...hex('32 08 a8 d6 b9 07 33 01 88 27 80 c3 bb c2 06 00')]);
  });

  it('gives Go\'s framing errors', () => {
    const h = V26_BIN.subarray(0, 16);
    const cases: [string, string][] = [
      ['02', 'expected batch event, got event 2'],
      ['01', 'error reading batch gen: EOF'],
      ['01 81', 'error reading batch gen: unexpected EOF'],
      ['01 01 ff ff ff ff ff ff ff ff ff 7f', 'error reading batch M ID: binary: varint overflows a 64-bit integer'],
      ['01 01 01 01 81 80 05', 'invalid batch size 81921, maximum is 65536'],
      ['01 01 01 01 05 aa bb', 'failed to read full batch: read 2 but wanted 5'],
    ];
    for (const [tail, msg] of cases) {
      expect(() => [...iterateBatches(concat(h, hex(tail)))], tail).to.throw(TraceFormatError, msg);
    }
  });

  it('treats a lone trailing 0x31 as the end of input (Go quirk)', () => {
    expect([...iterateBatches(concat(STEAL_SIMPLE_BIN, hex('31')))]).to.have.length(5);
  });

  it('streams batches with bounded buffering', async () => {
    const s = await openBatches(chunks(V26_BIN, 3));
    const recs = await collect(s);
    expect(recs.map((r) => r.kind)).to.deep.equal(['batch', 'batch', 'batch', 'batch', 'end-of-generation']);
    expect(recs.map((r) => r.offset)).to.deep.equal([16, 46, 64, 89, 135]);
  });
});
