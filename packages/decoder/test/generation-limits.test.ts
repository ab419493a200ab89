import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { readTraceSync, openTrace } from '../src/reader.js';
import { LimitExceededError } from '../src/errors.js';
import { DEFAULT_GENERATION_LIMITS, type GenerationLimits } from '../src/format/limits.js';

const FIXTURE = new Uint8Array(readFileSync(new URL('../../../fixtures/traces/mixed-go126.trace', import.meta.url)));
const V22 = new Uint8Array(readFileSync(new URL('../../../fixtures/traces/mixed-go122.trace', import.meta.url)));

function readAll(bytes: Uint8Array, limits?: GenerationLimits): number {
  let n = 0;
  for (const _ of readTraceSync(bytes, { limits })) n++;
  return n;
}

describe('per-generation limits of the ordered reader', () => {
  it('real traces are far below the defaults', () => {
    expect(readAll(FIXTURE)).to.be.greaterThan(1000);
    expect(DEFAULT_GENERATION_LIMITS.maxGenerationBytes).to.equal(1 << 30);
  });

  const cases: [keyof GenerationLimits, string][] = [
    ['maxGenerationBytes', 'generation bytes'],
    ['maxStringsPerGeneration', 'strings per generation'],
    ['maxStacksPerGeneration', 'stacks per generation'],
    ['maxFramesPerGeneration', 'frames per generation'],
  ];
  for (const [option, name] of cases) {
    for (const [label, bytes] of [['version 26', FIXTURE], ['version 22', V22]] as const) {
      it(`${option}: a LimitExceededError naming "${name}" (${label})`, () => {
        try {
          readAll(bytes, { [option]: 10 });
          expect.fail('accepted');
        } catch (e) {
          expect(e).to.be.instanceOf(LimitExceededError);
          const le = e as LimitExceededError;
          expect(le.limit).to.equal(name);
          expect(le.max).to.equal(10);
          expect(le.value).to.be.greaterThan(10); // bytes and frames grow by more than one at a time
          expect(le.offset).to.be.at.least(16); // the first batch starts right after the header
          expect(le.message).to.match(new RegExp(`^${name}: ${le.value} exceeds the limit of 10 \\(generation \\d+\\) \\(at byte \\d+\\)$`));
        }
      });
    }
  }

  it('applies to the streaming reader too', async () => {
    const r = await openTrace([FIXTURE.subarray(0, 5000), FIXTURE.subarray(5000)], { limits: { maxStacksPerGeneration: 3 } });
    let err: unknown;
    try {
      for await (const _ of r) void _;
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(LimitExceededError);
    expect((err as LimitExceededError).limit).to.equal('stacks per generation');
  });
});
