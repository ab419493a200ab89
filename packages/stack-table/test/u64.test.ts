import { expect } from 'chai';
import fc from 'fast-check';
import { isU64, toU64, U64_MAX, u64Hi, u64Lo, u64FromHalves, u64ToBigInt } from '../src/u64.js';
import { U64RangeError, IdRangeError, InvalidFrameError } from '../src/errors.js';
import { stackId, stringId, type StackId } from '../src/ids.js';
import { frame, framesEqual, stacksEqual } from '../src/frame.js';

describe('u64', () => {
  it('canonicalises numbers and bigints to one representation', () => {
    expect(toU64(5n)).to.equal(5);
    expect(toU64(-0)).to.equal(0);
    expect(Object.is(toU64(-0), 0)).to.equal(true);
    expect(toU64(2n ** 53n - 1n)).to.equal(Number.MAX_SAFE_INTEGER);
    expect(toU64(2n ** 53n)).to.equal(2n ** 53n);
    expect(toU64(2 ** 60)).to.equal(2n ** 60n);
    expect(toU64(U64_MAX)).to.equal(U64_MAX);
  });
  it('rejects negatives, fractions, NaN, > 2^64-1 with a typed RangeError', () => {
    for (const bad of [-1, 1.5, NaN, Infinity, 2 ** 64, -1n, 2n ** 64n, '1' as unknown as number]) {
      expect(() => toU64(bad)).to.throw(U64RangeError);
      expect(() => toU64(bad)).to.throw(RangeError);
    }
  });
  it('isU64 accepts only canonical values', () => {
    expect(isU64(0)).to.equal(true);
    expect(isU64(1n)).to.equal(false);
    expect(isU64(2n ** 53n)).to.equal(true);
    expect(isU64(2 ** 53)).to.equal(false);
    expect(isU64(-0)).to.equal(false);
    expect(isU64(U64_MAX + 1n)).to.equal(false);
  });
  it('splits into halves and back for every u64', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: U64_MAX }), (b) => {
        const v = toU64(b);
        expect(u64ToBigInt(v)).to.equal(b);
        expect(u64FromHalves(u64Hi(v), u64Lo(v))).to.equal(v);
      }),
    );
  });
});

describe('ids and frames', () => {
  it('validates ID constructors', () => {
    expect(stackId(3)).to.equal(3);
    expect(stringId(0)).to.equal(0);
    expect(() => stackId(-1)).to.throw(IdRangeError);
    expect(() => stringId(1.5)).to.throw(IdRangeError);
  });
  it('a StringId is not a StackId (checked by the type checker: npm run typecheck)', () => {
    const takesStack = (id: StackId) => id;
    const s = stringId(1);
    // @ts-expect-error a StringId must not be accepted where a StackId is expected
    takesStack(s);
    // @ts-expect-error nor a plain number
    takesStack(1);
    expect(takesStack(stackId(1))).to.equal(1);
  });

  it('frame() canonicalises and rejects bad fields', () => {
    const f = frame(10n, 'main.main', 'main.go', 7);
    expect(f.pc).to.equal(10);
    expect(() => frame(-1, 'f', 'x', 1)).to.throw(InvalidFrameError);
    expect(() => frame(1, 'f', 'x', 2n ** 64n)).to.throw(InvalidFrameError);
    expect(() => frame(1, 3 as unknown as string, 'x', 1)).to.throw(InvalidFrameError);
  });
  it('framesEqual / stacksEqual compare field-wise', () => {
    const a = frame(1, 'f', 'x', 1);
    expect(framesEqual(a, frame(1n, 'f', 'x', 1n))).to.equal(true);
    expect(framesEqual(a, frame(1, 'f', 'x', 2))).to.equal(false);
    expect(stacksEqual([a], [a])).to.equal(true);
    expect(stacksEqual([a], [a, a])).to.equal(false);
  });
});
