/**
 * Every delivered event's stack and string IDs are checked against its generation's tables
 * (reader-semantics.md §12.8): misses, IDs past the presence bitmaps, bigint IDs, and which error
 * wins when both are bad. The traces are the v26 spec example (§17.4) with its GoBlock's
 * reason string and stack IDs changed; the expected lines are Go's checker output on them.
 */
import { expect } from 'chai';
import { TraceReaderSync, openTrace } from '../src/reader.js';
import { TraceValidationError } from '../src/validation-error.js';
import { checkerOutput } from './support/checker.js';
import { chunks } from './helpers.js';
import { rejection, thrown } from './support/thrown.js';

const hex = (s: string): Uint8Array => new Uint8Array(s.match(/../g)!.map((b) => parseInt(b, 16)));
/** The §17.4 trace with the middle of its M 7 batch (size byte, events) replaced. */
const HEAD = '676f20312e32362074726163650000000101ffffffffffffffffff0163103208a8d6b9073301882780c3bbc206000101076';
const TAIL = '0101ffffffffffffffffff016e0b0203010180a0800202030a0101ffffffffffffffffff016f200405010673656c6563740502096d61696e2e6d61696e0503076d61696e2e676f34';
const trace = (mid: string): Uint8Array => hex(HEAD + mid + TAIL);

/** Go's checker output up to the GoBlock, shared by every failing case. */
const BEFORE = [
  'M=-1 P=-1 G=-1 Sync Time=6336 N=1 Trace=6400 Mono=5000 Wall=2025-06-15T15:06:40Z',
  'M=7 P=-1 G=-1 StateTransition Time=6464 ProcID=0 Undetermined->Running Reason=""',
  'M=7 P=0 G=-1 StateTransition Time=6592 GoID=1 Undetermined->Running Reason=""',
];
/** Offset of the GoBlock event in every variant. */
const GO_BLOCK_OFFSET = 60;

const CASES: { name: string; mid: string; error: string }[] = [
  { name: 'a stack ID the table lacks (past the bitmap)', mid: '40d0d010001190201070214030102', error: 'found invalid stack ID 2 for event GoBlock' },
  { name: 'a string ID the table lacks', mid: '40d0d010001190201070214030901', error: 'found invalid string ID 9 for event GoBlock' },
  { name: 'both bad: the stack is reported first', mid: '40d0d010001190201070214030902', error: 'found invalid stack ID 2 for event GoBlock' },
  { name: 'a stack ID past the largest bitmap (Map lookup)', mid: '4100d010001190201070214030185808002', error: 'found invalid stack ID 4194309 for event GoBlock' },
  { name: 'a stack ID above 2^53 (bigint)', mid: '4150d0100011902010702140301808080808080808010', error: 'found invalid stack ID 1152921504606846976 for event GoBlock' },
  { name: 'a string ID above 2^53 (bigint)', mid: '4150d0100011902010702140380808080808080801001', error: 'found invalid string ID 1152921504606846976 for event GoBlock' },
];

describe('reader: table IDs of delivered events', () => {
  it('good IDs, and ID 0, pass', () => {
    expect(checkerOutput(trace('40d0d010001190201070214030101')).trimEnd().split('\n').pop()).to.equal('OK 5');
    expect(checkerOutput(trace('40d0d010001190201070214030000')).trimEnd().split('\n').pop()).to.equal('OK 5');
  });
  for (const c of CASES) {
    it(`${c.name}: Go's events, then Go's error with where`, async () => {
      const bytes = trace(c.mid);
      expect(checkerOutput(bytes).trimEnd().split('\n')).to.deep.equal([...BEFORE, `ERROR: ${c.error}`]);
      const e = thrown(TraceValidationError, () => new TraceReaderSync(bytes).scan(() => {}));
      expect(e.goMessage).to.equal(c.error);
      expect(e.code).to.equal('bad-table-id');
      expect(e.offset).to.equal(GO_BLOCK_OFFSET);
      expect(e.generation).to.equal(1);
      expect(e.thread).to.equal(7);
      // Streamed in small chunks: the same.
      const r = await openTrace(chunks(bytes, 7) as unknown as AsyncIterable<Uint8Array>);
      let n = 0;
      const se = await rejection(() => r.scan(() => void n++));
      expect(se).to.be.instanceOf(TraceValidationError);
      expect((se as TraceValidationError).goMessage).to.equal(c.error);
      expect(n).to.equal(BEFORE.length);
    });
  }
});
