import { expect } from 'chai';
import { goQuote, goQuoteString } from '../src/text/quote.js';
import { goUnquote } from '../src/text/unquote.js';
import { parseText, TextParser } from '../src/text/reader.js';
import { encodeText, formatRawEvent } from '../src/text/writer.js';
import { openText } from '../src/text/stream.js';
import { decodeRaw } from '../src/wire/raw-reader.js';
import { TextFormatError } from '../src/errors.js';
import { STEAL_SIMPLE_BIN, STEAL_SIMPLE_TEXT, V26_BIN, V26_TEXT, chunks, collect, hex } from './helpers.js';

const u8 = (...b: number[]) => Uint8Array.from(b);
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('Go quoting', () => {
  const cases: [Uint8Array, string][] = [
    [utf8('hello world\0'), '"hello world\\x00"'],
    [u8(0xff, 0x41), '"\\xffA"'],
    [utf8('é'), '"é"'],
    [utf8('tab\there "q" back\\slash\n'), '"tab\\there \\"q\\" back\\\\slash\\n"'],
    [u8(7, 8, 12, 13, 11, 0x7f, 0x1b), '"\\a\\b\\f\\r\\v\\x7f\\x1b"'],
    [utf8('\u00a0\ufeff\u00ad'), '"\\u00a0\\ufeff\\u00ad"'],
    [utf8('\u{1F600}'), '"\u{1F600}"'],
    [utf8('\u{E0001}'), '"\\U000e0001"'],
    [utf8('\ufffd'), '"\ufffd"'],
    [u8(0xed, 0xa0, 0x80), '"\\xed\\xa0\\x80"'], // encoded surrogate: invalid, byte by byte
    [u8(0xe0, 0x80, 0x80), '"\\xe0\\x80\\x80"'], // overlong
    [u8(0xf4, 0x90, 0x80, 0x80), '"\\xf4\\x90\\x80\\x80"'], // above U+10FFFF
    [u8(0xe2, 0x82), '"\\xe2\\x82"'], // truncated sequence
    [hex('01 80 80 80 80 80 18 80 40 08 80 10'), '"\\x01\\x80\\x80\\x80\\x80\\x80\\x18\\x80@\\b\\x80\\x10"'],
  ];
  for (const [bytes, want] of cases) {
    it(`quotes ${want}`, () => expect(goQuote(bytes)).to.equal(want));
  }
  it('round-trips through goUnquote', () => {
    for (const [bytes] of cases) {
      const r = goUnquote(goQuote(bytes));
      expect(r.ok).to.equal(true);
      if (r.ok) expect([...r.bytes]).to.deep.equal([...bytes]);
    }
  });
});

describe('Go unquoting (data lines)', () => {
  const ok = (lit: string) => {
    const r = goUnquote(lit);
    if (!r.ok) throw new Error(`rejected ${lit}`);
    return [...r.bytes];
  };
  it('accepts Go\'s literal forms', () => {
    expect(ok('"a\\x41\\101\\u00e9\\U0001F600"')).to.deep.equal([...utf8('aAAé\u{1F600}')]);
    expect(ok('`raw \\n\r`')).to.deep.equal([...utf8('raw \\n')]);
    expect(ok("'x'")).to.deep.equal([0x78]);
    expect(ok("'\\n'")).to.deep.equal([10]);
  });
  it('rejects what Go rejects', () => {
    for (const lit of ["'ab'", '"\\\'"', '"\\400"', '"\\ud800"', '"\\U00110000"', '"abc', 'abc', '"a"b"', '"\\q"']) {
      expect(goUnquote(lit).ok, lit).to.equal(false);
    }
  });
});

describe('text writer', () => {
  it('prints the §17.2 trace exactly as Go does', () => {
    expect(encodeText(decodeRaw(STEAL_SIMPLE_BIN))).to.equal(STEAL_SIMPLE_TEXT);
    expect(encodeText(decodeRaw(V26_BIN))).to.equal(V26_TEXT);
  });
  it('prints no data line for empty data, as Go does, or data="" on request', () => {
    const ev = { type: 5, name: 'String' as const, args: [7], data: new Uint8Array(0) };
    expect(formatRawEvent(ev)).to.equal('String id=7\n');
    expect(formatRawEvent(ev, { emptyDataLine: true })).to.equal('String id=7\n\tdata=""\n');
    expect(parseText('Trace Go1.22\n' + formatRawEvent(ev, { emptyDataLine: true })).events[0]!.data).to.deep.equal(new Uint8Array(0));
  });
});

describe('text reader', () => {
  it('reads the examples back', () => {
    const t = parseText(V26_TEXT);
    expect(t.version).to.equal(26);
    expect(encodeText(t)).to.equal(V26_TEXT);
  });

  it('skips blank and comment lines, accepts CRLF and leading zeros', () => {
    const t = parseText('# c\n\r\nTrace Go1.0022\r\n  # x\nEventBatch gen=01 m=0 time=0 size=1\r\n\nStacks\n');
    expect(t.version).to.equal(22);
    expect(t.events.map((e) => [e.name, e.args])).to.deep.equal([['EventBatch', [1, 0, 0, 1]], ['Stacks', []]]);
  });

  it('reads a missing data line as empty data (extension: Go\'s own output)', () => {
    const t = parseText('Trace Go1.22\nString id=70\nString id=71\n\tdata="x"\nString id=72\n');
    expect(t.events.map((e) => e.data?.length)).to.deep.equal([0, 1, 0]);
  });

  const errors: [string, string, number, number][] = [
    ['', 'EOF', 1, 1],
    ['Trace Go1.22 # c\n', 'encountered unexpected non-space at the end of the header: " # c"', 1, 13],
    ['Trace Go1.24\n', 'unknown or unsupported Go version 1.24', 1, 11],
    ['Trace Go1.21\n', 'unsupported version go 1.21 (Go 1.21 or older)', 1, 11],
    ['Tracer Go1.22\n', 'failed to parse header', 1, 1],
    ['Trace 1.22\n', 'failed to parse header Go version', 1, 7],
    ['Trace Go1.x\n', 'failed to parse header Go version: strconv.ParseUint: parsing "x": invalid syntax', 1, 11],
    ['Trace Go1.22\nFoo x=1\n', 'unidentified event: Foo', 2, 1],
    ['Trace Go1.22\nGoSwitch dt=1 g=1 g_seq=1\n', 'unidentified event: GoSwitch', 2, 1],
    ['Trace Go1.22\nProcStop\n', 'reading args for ProcStop: no argument', 2, 9],
    ['Trace Go1.22\nProcStop dt\n', 'reading args for ProcStop: malformed argument: "dt"', 2, 10],
    ['Trace Go1.22\nProcStop t=1\n', 'reading args for ProcStop: expected argument "dt", but got "t"', 2, 10],
    ['Trace Go1.22\nProcStop dt=+5\n', 'reading args for ProcStop: failed to parse argument value "+5" for arg "dt"', 2, 13],
    ['Trace Go1.22\nProcStop dt=18446744073709551616\n', 'failed to parse argument value "18446744073709551616"', 2, 13],
    ['Trace Go1.22\nProcStop dt=1 # c\n', 'reading args for ProcStop: encountered unexpected non-space at the end of an event: " # c"', 2, 14],
    ['Trace Go1.22\nStack id=1 nframes=2\n\tpc=1 func=2 file=3 line=4\n', 'unexpected EOF while reading stack: args=[1 2]', 4, 1],
    ['Trace Go1.22\nStack id=1 nframes=1\n\tpc=1 func=2 line=4\n', 'expected argument "file", but got "line"', 3, 14],
    ['Trace Go1.22\nString id=1\n\tdata=x\n', 'failed to parse data: "\\tdata=x": invalid syntax', 3, 7],
    ['Trace Go1.22\nString id=1\n\tdatum="x"\n', 'malformed data: "\\tdatum=\\"x\\""', 3, 2],
    ['Trace Go1.22\nProcStop dt=1\n' + 'x'.repeat(70000) + '\n', 'bufio.Scanner: token too long', 3, 1],
  ];
  for (const [input, msg, line, col] of errors) {
    it(`reports ${JSON.stringify(msg)} at ${line}:${col}`, () => {
      try {
        parseText(input);
        expect.fail('accepted');
      } catch (e) {
        expect(e).to.be.instanceOf(TextFormatError);
        const te = e as TextFormatError;
        expect(te.goMessage).to.contain(msg);
        expect([te.line, te.column]).to.deep.equal([line, col]);
        expect(te.message).to.match(new RegExp(`^line ${line}, column ${col}: `));
      }
    });
  }

  it('streams: any chunking gives the same events', async () => {
    const want = parseText(V26_TEXT).events;
    const bytes = utf8(V26_TEXT.replace(/\n/g, '\r\n'));
    for (const size of [1, 5, 64]) {
      const s = await openText(chunks(bytes, size));
      expect(s.version).to.equal(26);
      expect(await collect(s)).to.deep.equal(want);
    }
  });

  it('push parser reports events as lines arrive', () => {
    const seen: string[] = [];
    const p = new TextParser((e) => seen.push(e.name));
    p.line('Trace Go1.25', 1);
    p.line('Sync', 2);
    expect(seen).to.deep.equal(['Sync']);
    p.line('String id=1', 3);
    expect(seen).to.deep.equal(['Sync']);
    p.end();
    expect(seen).to.deep.equal(['Sync', 'String']);
  });
});
