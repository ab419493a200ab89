/** Limit options are checked when given: NaN, negatives, fractions or non-numbers are a RangeError
 * naming the option (before, `n > NaN` being false would have silently turned a limit off). */
import { expect } from 'chai';
import { rejection } from './support/thrown.js';
import { join } from 'node:path';
import { TraceReader, TraceReaderSync } from '../src/reader.js';
import { decodeRaw } from '../src/wire/raw-reader.js';
import { iterateBatches, openBatches } from '../src/wire/batches.js';
import { parseText, openText } from '../src/text/index.js';
import { limitOption, resolveGenerationLimits } from '../src/format/limits.js';
import { encodeScenarioText } from '../../encoder/src/scenario/index.js';
import { FIXTURES, readBytes } from './support/corpus.js';

const BAD: unknown[] = [NaN, -1, 1.5, Infinity, '100', null];
const bytes = readBytes(join(FIXTURES, 'traces', 'mixed-go126.trace'));

function expectRange(f: () => unknown, name: string): void {
  expect(f).to.throw(RangeError, new RegExp(`option ${name.replace('.', '\\.')} must be a whole number >= 0`));
}
async function expectRangeAsync(f: () => Promise<unknown>, name: string): Promise<void> {
  const e = await rejection(f);
  expect(e).to.be.instanceOf(RangeError);
  expect((e as Error).message).to.contain(`option ${name} must be a whole number >= 0`);
}

describe('limit options are validated', () => {
  it('limitOption: undefined gives the default; 0 and whole numbers pass; the rest is a RangeError', () => {
    expect(limitOption('x', undefined, 7)).to.equal(7);
    expect(limitOption('x', 0, 7)).to.equal(0);
    expect(limitOption('x', 2 ** 40, 7)).to.equal(2 ** 40);
    for (const v of BAD) expectRange(() => limitOption('x', v as number, 7), 'x');
  });

  it('ordered reader: maxBatchSize and every limits.* option, sync and async, before reading', async () => {
    for (const v of BAD) {
      expectRange(() => new TraceReaderSync(bytes, { maxBatchSize: v as number }), 'maxBatchSize');
      expectRange(() => new TraceReaderSync(bytes, { limits: { maxStringSize: v as number } }), 'limits.maxStringSize');
      expectRange(() => new TraceReader([bytes], { limits: { maxGenerationBytes: v as number } }), 'limits.maxGenerationBytes');
      expectRange(() => new TraceReader([bytes], { maxBatchSize: v as number }), 'maxBatchSize');
    }
    expect(() => resolveGenerationLimits({ maxStrings: 3 } as never)).to.throw(RangeError, /unknown limit option maxStrings/);
    // undefined keeps the default: the trace reads.
    expect(new TraceReaderSync(bytes, { maxBatchSize: undefined, limits: { maxStringSize: undefined } }).scan(() => {})).to.be.greaterThan(1000);
  });

  it('wire and text readers, and the scenario API', async () => {
    for (const v of [NaN, -5]) {
      expectRange(() => decodeRaw(bytes, { maxDataLength: v }), 'maxDataLength');
      expectRange(() => decodeRaw(bytes, { maxFramesPerStack: v }), 'maxFramesPerStack');
      expectRange(() => [...iterateBatches(bytes, { maxBatchSize: v })], 'maxBatchSize');
      await expectRangeAsync(() => openBatches([bytes], { maxBatchSize: v }), 'maxBatchSize');
      expectRange(() => parseText('Trace Go1.22\n', { maxLineBytes: v }), 'maxLineBytes');
      expectRange(() => parseText('Trace Go1.22\n', { maxFramesPerStack: v }), 'maxFramesPerStack');
      await expectRangeAsync(() => openText(new TextEncoder().encode('Trace Go1.22\n'), { maxLineBytes: v }), 'maxLineBytes');
      expectRange(() => encodeScenarioText('{}', { maxJsonBytes: v }), 'maxJsonBytes');
    }
  });
});
