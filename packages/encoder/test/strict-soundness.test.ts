/**
 * Soundness of strict mode: arbitrary call sequences, valid or not; every call strict mode lets
 * through ends up in a trace that our Go-equivalent reader accepts (Go itself in test-cross).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { decodeRaw, type TraceVersion } from '@gotrace/decoder';
import { checkerOutput } from './support/read.js';
import { chaos } from './support/chaos.js';

export const chaosArb = fc.tuple(
  fc.constantFrom<TraceVersion>(22, 23, 25, 26),
  fc.array(fc.tuple(fc.nat(100), fc.nat(10), fc.nat(100)), { minLength: 1, maxLength: 300 }),
);

describe('strict mode is sound: whatever it lets through, the reader accepts', () => {
  it('arbitrary call sequences', () => {
    let accepted = 0;
    fc.assert(
      fc.property(chaosArb, ([version, ops]) => {
        const r = chaos(version, ops);
        accepted += r.accepted;
        const out = checkerOutput(r.bytes);
        expect(out, out.split('\n').slice(-2).join('\n')).to.match(/\nOK \d+\n$/);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) },
    );
    expect(accepted).to.be.greaterThan(100);
  });
});

describe('strict mode off: any call sequence gives a well-formed file', () => {
  it('never throws anything but TraceWriterError, and the wire reader reads the result', () => {
    fc.assert(
      fc.property(chaosArb, ([version, ops]) => {
        const r = chaos(version, ops, false);
        expect(decodeRaw(r.bytes).version).to.equal(version);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) },
    );
  });
});
