import { expect } from 'chai';
import fc from 'fast-check';
import { ByteReader, ByteWriter, VarintStatus, uvarintSize } from '../src/wire/varint.js';
import { hex } from './helpers.js';

function read(bytes: Uint8Array) {
  const r = new ByteReader(bytes);
  const v = r.uvarint();
  return { v, status: r.status, pos: r.pos, width: r.width };
}

describe('varint', () => {
  // wire-format.md §3.1
  const table: [number | bigint, string][] = [
    [0, '00'],
    [1, '01'],
    [127, '7f'],
    [128, '80 01'],
    [300, 'ac 02'],
    [16384, '80 80 01'],
    [15625000, 'a8 d6 b9 07'],
    [1000000000, '80 94 eb dc 03'],
    [28113086279559, '87 df 95 b4 99 b2 06'],
    [2n ** 64n - 1n, 'ff ff ff ff ff ff ff ff ff 01'],
  ];
  for (const [value, bytes] of table) {
    it(`encodes and decodes ${value} as ${bytes}`, () => {
      const w = new ByteWriter(4);
      w.uvarint(value);
      expect(w.toBytes()).to.deep.equal(hex(bytes));
      expect(uvarintSize(value)).to.equal(hex(bytes).length);
      const r = read(hex(bytes));
      expect(r.status).to.equal(VarintStatus.Ok);
      expect(r.v).to.equal(value);
      expect(r.pos).to.equal(hex(bytes).length);
    });
  }

  it('accepts non-minimal (padded) encodings, as the runtime writes batch lengths', () => {
    expect(read(hex('8f 80 80 80 80 80 80 80 80 00'))).to.include({ v: 15, width: 10, status: VarintStatus.Ok });
    expect(read(hex('ac 82 80 80 80 80 80 80 80 00')).v).to.equal(300);
  });

  it('writes padded varints of a given width', () => {
    const w = new ByteWriter();
    w.paddedUvarint(15, 10);
    w.paddedUvarint(300, 10);
    expect(w.toBytes()).to.deep.equal(hex('8f 80 80 80 80 80 80 80 80 00 ac 82 80 80 80 80 80 80 80 00'));
  });

  it('reports EOF, unexpected EOF and overflow like Go', () => {
    expect(read(new Uint8Array(0)).status).to.equal(VarintStatus.Eof);
    expect(read(hex('80')).status).to.equal(VarintStatus.UnexpectedEof);
    expect(read(hex('ff ff ff ff ff ff ff ff')).status).to.equal(VarintStatus.UnexpectedEof);
    expect(read(hex('ff ff ff ff ff ff ff ff ff 02')).status).to.equal(VarintStatus.Overflow);
    expect(read(hex('ff ff ff ff ff ff ff ff ff 81 00')).status).to.equal(VarintStatus.Overflow);
    const r = new ByteReader(hex('05 80'), 1);
    r.uvarint();
    expect(r.pos, 'position is kept on failure').to.equal(1);
  });

  it('keeps values below 2^53 as numbers and larger ones as exact bigints', () => {
    expect(read(hex('ff ff ff ff ff ff ff 0f')).v).to.equal(2 ** 53 - 1);
    expect(read(hex('80 80 80 80 80 80 80 10')).v).to.equal(2n ** 53n);
  });

  it('round-trips any u64, minimal and padded', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.integer({ min: 0, max: 9 }), (big, extra) => {
        const v = big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
        const w = new ByteWriter(1);
        w.uvarint(v);
        const width = Math.min(10, uvarintSize(v) + extra);
        w.paddedUvarint(v, width);
        const r = new ByteReader(w.toBytes());
        expect(r.uvarint()).to.equal(v);
        expect(r.width).to.equal(uvarintSize(v));
        expect(r.uvarint()).to.equal(v);
        expect(r.width).to.equal(width);
      }),
      { numRuns: 2000 },
    );
  });
});
