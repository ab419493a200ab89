import { expect } from 'chai';
import { EVENT_TABLE, EventType, SPEC_BY_TYPE, isDefinedIn, versionTable, MAX_ARGS } from '../src/format/events.js';
import { TRACE_VERSIONS } from '../src/format/versions.js';

describe('event table', () => {
  it('has every standard (1-52) and experimental (128-136) type exactly once', () => {
    const types = EVENT_TABLE.map((s) => s.type);
    const want = [...Array.from({ length: 52 }, (_, i) => i + 1), ...Array.from({ length: 9 }, (_, i) => i + 128)];
    expect(types).to.deep.equal(want);
    for (const s of EVENT_TABLE) expect(EventType[s.name]).to.equal(s.type);
  });

  it('marks string and stack IDs by argument-name suffix, as Go\'s table test requires', () => {
    for (const s of EVENT_TABLE) {
      s.args.forEach((a, i) => {
        expect(s.stringArgs.includes(i)).to.equal(a.name.endsWith('string'), `${s.name}.${a.name}`);
        expect(s.stackArgs.includes(i)).to.equal(a.name.endsWith('stack'), `${s.name}.${a.name}`);
      });
    }
    expect(SPEC_BY_TYPE[EventType.GoCreate]!.stackArgs, 'creator stack first').to.deep.equal([3, 2]);
    expect(SPEC_BY_TYPE[EventType.UserLog]!.stringArgs).to.deep.equal([2, 3]);
    expect(SPEC_BY_TYPE[EventType.CPUSample]!.stackArgs).to.deep.equal([4]);
  });

  it('gives timed events a leading dt and at most 5 arguments', () => {
    for (const s of EVENT_TABLE) {
      expect(s.timed).to.equal(s.argNames[0] === 'dt', s.name);
      if (s.timed) expect(s.args.length).to.be.at.most(5);
    }
    expect(MAX_ARGS).to.equal(5);
  });

  it('has trailers only on Stack, String and ExperimentalBatch', () => {
    const withTrailer = EVENT_TABLE.filter((s) => s.trailer !== 'none').map((s) => `${s.name}:${s.trailer}`);
    expect(withTrailer).to.deep.equal(['Stack:frames', 'String:data', 'ExperimentalBatch:data']);
  });

  it('defines each version as Go\'s prefix table (plus AllocFree events from 23 on)', () => {
    const defined = (v: (typeof TRACE_VERSIONS)[number]) =>
      versionTable(v).flatMap((s, t) => (s ? [t] : []));
    const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
    expect(defined(22)).to.deep.equal(range(1, 44));
    expect(defined(23)).to.deep.equal([...range(1, 49), ...range(128, 136)]);
    expect(defined(25)).to.deep.equal([...range(1, 51), ...range(128, 136)]);
    expect(defined(26)).to.deep.equal([...range(1, 52), ...range(128, 136)]);
    expect(isDefinedIn(EventType.GoSwitch, 22)).to.equal(false);
    expect(isDefinedIn(EventType.EndOfGeneration, 25)).to.equal(false);
  });

  it('names the start event of every range-closing or -continuing event', () => {
    const pairs = EVENT_TABLE.filter((s) => s.startEvent).map((s) => `${s.name}<${s.startEvent}`);
    expect(pairs).to.include.members(['STWEnd<STWBegin', 'GCEnd<GCBegin', 'GCActive<GCBegin', 'UserRegionEnd<UserRegionBegin', 'GoSyscallEnd<GoSyscallBegin']);
  });
});
