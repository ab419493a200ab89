import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { parseText, decodeRaw, encodeText, headerBytes } from '@gotrace/decoder';
import { encodeRaw, RawEncoder, EncodeError } from '../src/wire-writer.js';

const hex = (s: string) => Uint8Array.from(s.replace(/\s+/g, ' ').trim().split(' ').map((x) => parseInt(x, 16)));

/** wire-format.md §17.4: a complete version-26 trace. */
const V26_TEXT = readFileSync(new URL('../../../fixtures/spec-examples/v26-complete.txt', import.meta.url), 'utf8');

describe('wire writer', () => {
  it('writes the §17.4 example in 136 bytes with minimal lengths (Go\'s raw writer)', () => {
    const bin = encodeRaw(parseText(V26_TEXT), { batchLength: 'minimal' });
    expect(bin.length).to.equal(136);
    expect(bin.subarray(16, 30)).to.deep.equal(hex('01 01 ff ff ff ff ff ff ff ff ff 01 63 10'));
    expect(bin.subarray(79, 89)).to.deep.equal(hex('03 01 01 80 a0 80 02 02 03 0a'));
    expect(bin[135]).to.equal(0x34);
  });

  it('pads batch lengths to 10 bytes like the runtime (172 bytes), by default for text input', () => {
    const padded = encodeRaw(parseText(V26_TEXT));
    expect(padded.length).to.equal(172);
    expect(padded.subarray(16, 39)).to.deep.equal(hex('01 01 ff ff ff ff ff ff ff ff ff 01 63 90 80 80 80 80 80 80 80 80 00'));
    expect(encodeRaw(parseText(V26_TEXT), { batchLength: 'padded' })).to.deep.equal(padded);
  });

  it('preserves the width each batch length had, so either style re-encodes byte-identically', () => {
    const minimal = encodeRaw(parseText(V26_TEXT), { batchLength: 'minimal' });
    const padded = encodeRaw(parseText(V26_TEXT), { batchLength: 'padded' });
    expect(encodeRaw(decodeRaw(minimal))).to.deep.equal(minimal);
    expect(encodeRaw(decodeRaw(padded))).to.deep.equal(padded);
    expect(encodeText(decodeRaw(padded))).to.equal(V26_TEXT);
  });

  it('pads experimental batch lengths too', () => {
    const text = 'Trace Go1.23\nExperimentalBatch exp=1 gen=1 m=18446744073709551615 time=5\n\tdata="\\x01\\x80@"\n';
    const bin = encodeRaw(parseText(text));
    expect(bin.subarray(16)).to.deep.equal(hex('31 01 01 ff ff ff ff ff ff ff ff ff 01 05 83 80 80 80 80 80 80 80 80 00 01 80 40'));
    expect(encodeText(decodeRaw(bin))).to.equal(text);
  });

  it('streams: take() hands out bytes incrementally', () => {
    const enc = new RawEncoder(26);
    expect(enc.take()).to.deep.equal(headerBytes(26));
    enc.write({ type: 52, name: 'EndOfGeneration', args: [] });
    expect(enc.take()).to.deep.equal(Uint8Array.of(0x34));
  });

  it('refuses malformed events with a typed error naming the event', () => {
    const enc = new RawEncoder(22);
    expect(() => enc.write({ type: 11, name: 'ProcStop', args: [] })).to.throw(EncodeError, 'event #0: ProcStop takes 1 arguments (dt), got 0');
    expect(() => enc.write({ type: 45, name: 'GoSwitch', args: [1, 1, 1] })).to.throw(EncodeError, 'not defined in version 22');
    expect(() => enc.write({ type: 3, name: 'Stack', args: [1, 2], frames: [1, 2, 3, 4] })).to.throw(EncodeError, 'nframes=2 but 1 frames');
  });
});

describe('wire writer: argument varints at every width', () => {
  // The writer inlines values below 2^21 (one to three bytes) and calls the general varint
  // writer above: each side of every boundary must give the minimal varint and read back.
  const values: (number | bigint)[] = [
    0, 1, 127, 128, 129, 255, 16383, 16384, 16385, 2097151, 2097152, 2097153, 2 ** 28 - 1, 2 ** 28,
    2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 35, 2 ** 53 - 1, 2n ** 53n, 2n ** 63n, 2n ** 64n - 1n,
  ];
  /** Go's uvarint encoding, written out independently. */
  function uvarint(v: bigint): number[] {
    const out: number[] = [];
    while (v >= 128n) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    return out;
  }
  for (const v of values) {
    it(`value ${v}`, () => {
      const enc = new RawEncoder(26, { batchLength: 'minimal' });
      enc.write({ type: 37 /* HeapAlloc */, name: 'HeapAlloc', args: [v, v] });
      const bytes = enc.take();
      const want = [37, ...uvarint(BigInt(v)), ...uvarint(BigInt(v))];
      expect([...bytes.subarray(16)]).to.deep.equal(want); // after the 16-byte header
    });
  }
  it('still rejects what is not a wire value, whatever its low bits', () => {
    for (const bad of [-1, -128, 1.5, 16383.5, -16384, 2 ** 21 + 0.5, Number.NaN, Infinity]) {
      const enc = new RawEncoder(26);
      expect(() => enc.write({ type: 37, name: 'HeapAlloc', args: [1, bad] }), String(bad)).to.throw(EncodeError);
    }
  });
});
