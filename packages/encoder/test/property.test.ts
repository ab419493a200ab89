/**
 * Property: random valid program runs → TraceWriter → our ordered (Go-equivalent) reader reports
 * exactly the transitions, ranges, tasks, regions and logs of the run, in order, on the right
 * threads and at the right times; the writer's additions (status events, re-announced ranges,
 * syncs) are the only other events.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { goStateName, procStateName, type TraceEvent, type TraceVersion } from '@gotrace/decoder';
import { encodeScenario } from '../src/index.js';
import { readAll } from './support/read.js';
import { runWorld } from './support/random-world.js';

function signature(ev: TraceEvent): string | undefined {
  const m = `M${ev.thread}`;
  switch (ev.kind) {
    case 'StateTransition': {
      const s = ev.stateTransition;
      if (s.from === s.to || s.from === 0) return undefined; // status events
      if (s.resource.kind === 'Goroutine') return `${m} G${s.resource.id} ${goStateName(s.from)}->${goStateName(s.to)}`;
      if (s.from === 1) return undefined; // a proc first described after the first generation
      return `${m} P${s.resource.id} ${procStateName(s.from)}->${procStateName(s.to)}`;
    }
    case 'RangeBegin':
    case 'RangeEnd':
      return `${m} ${ev.kind} ${ev.range.name}`;
    case 'TaskBegin':
    case 'TaskEnd':
      return `${m} ${ev.kind} ${ev.task.id}`;
    case 'RegionBegin':
    case 'RegionEnd':
      return `${m} ${ev.kind} ${ev.region.type}`;
    case 'Log':
      return `${m} Log ${ev.log.message}`;
    case 'Metric':
      return `${m} Metric`;
    case 'Label':
      return `${m} Label`;
    case 'StackSample':
      return `${m} StackSample`;
    default:
      return undefined;
  }
}

describe('property: random program runs round-trip through the writer and our reader', () => {
  it('reproduces every event of the run, in order, with its thread and time', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<TraceVersion>(22, 23, 25, 26),
        fc.array(fc.nat(1000), { minLength: 1, maxLength: 400 }),
        fc.constantFrom<'padded' | 'minimal'>('padded', 'minimal'),
        (version, choices, batchLength) => {
          const { bytes, expected } = runWorld(version, choices, batchLength);
          const got: { sig: string; time: bigint }[] = [];
          for (const ev of readAll(bytes)) {
            const sig = signature(ev);
            if (sig !== undefined) got.push({ sig, time: ev.time });
          }
          expect(got.map((g) => g.sig)).to.deep.equal(expected.map((e) => e.sig));
          got.forEach((g, i) => {
            const t = BigInt(expected[i]!.time);
            expect(g.time >= t && g.time < t + 10n, `time of ${g.sig}: ${g.time} vs ${t}`).to.equal(true);
          });
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) },
    );
  });

  it('the same runs written as JSON scenarios encode to the same bytes', () => {
    fc.assert(
      fc.property(fc.constantFrom<TraceVersion>(22, 23, 25, 26), fc.array(fc.nat(1000), { minLength: 1, maxLength: 300 }), (version, choices) => {
        const { bytes, scenario } = runWorld(version, choices);
        const json = JSON.parse(JSON.stringify(scenario)) as unknown;
        expect(Buffer.from(encodeScenario(json))).to.deep.equal(Buffer.from(bytes));
      }),
      { numRuns: Math.ceil(Number(process.env.PROPERTY_RUNS ?? 150) / 3) },
    );
  });

  it('runs span several generations', () => {
    let x = 12345;
    const { generations } = runWorld(26, Array.from({ length: 400 }, () => (x = (x * 1103515245 + 12345) % 2147483648) % 1000));
    expect(generations).to.be.greaterThan(2);
  });
});
