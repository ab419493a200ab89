/**
 * The per-entry limits of the ordered reader (string length, frames per stack) and the text
 * readers (line length, frames per stack) as options (issue 6): Go's values and messages by
 * default, lowered limits name themselves, raised ones let longer entries through.
 */
import { expect } from 'chai';
import {
  GotraceError, TextFormatError, TraceValidationError, headerBytes, openText, openTrace, parseText, readTraceSync, validateTraceSync,
  MAX_FRAMES_PER_STACK, MAX_STRING_SIZE, MAX_TEXT_LINE_BYTES, DEFAULT_GENERATION_LIMITS,
  type GenerationLimits, type StateTransitionEvent, type TraceEvent,
} from '../src/index.js';
import { chunks, collect } from './helpers.js';
import { thrown } from './support/thrown.js';

function uv(v: number | bigint): number[] {
  const out: number[] = [];
  let x = BigInt(v);
  do {
    out.push(Number(x & 0x7fn) | (x >= 0x80n ? 0x80 : 0));
    x >>= 7n;
  } while (x !== 0n);
  return out;
}
const NO_THREAD = 2n ** 64n - 1n;
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const batch = (m: number | bigint, time: number, content: number[]): number[] => [1, ...uv(1), ...uv(m), ...uv(time), ...uv(content.length), ...content];

/**
 * The §17.4 version-26 trace (helpers.ts V26_BIN) with string 1 (GoBlock's reason) of `strLen`
 * bytes and stack 1 (GoBlock's stack) of `depth` frames.
 */
function trace(strLen: number, depth: number): Uint8Array {
  const frames: number[] = [];
  for (let i = 0; i < depth; i++) frames.push(...uv(0x401000 + 16 * i), 2, 3, ...uv(10 + i));
  return Uint8Array.from([
    ...headerBytes(26),
    ...batch(NO_THREAD, 99, [0x32, 0x08, ...uv(15625000), 0x33, ...uv(1), ...uv(5000), ...uv(1750000000), 0]),
    ...batch(7, 100, [0x0d, 1, 0, 1, 0x19, 2, 1, 7, 2, 0x14, 3, 1, 1]),
    ...batch(NO_THREAD, 110, [0x02, 0x03, 1, ...uv(depth), ...frames]),
    ...batch(NO_THREAD, 111, [0x04, 0x05, 1, ...uv(strLen), ...new Array<number>(strLen).fill(0x61), 0x05, 2, 9, ...ascii('main.main'), 0x05, 3, 7, ...ascii('main.go')]),
    0x34,
  ]);
}

function goBlock(events: Iterable<TraceEvent>): StateTransitionEvent {
  for (const ev of events) if (ev.kind === 'StateTransition' && ev.stateTransition.reason !== '') return ev as StateTransitionEvent;
  throw new Error('no GoBlock');
}

function readError(bytes: Uint8Array, limits?: GenerationLimits): TraceValidationError {
  return thrown(TraceValidationError, () => {
    for (const _ of readTraceSync(bytes, { limits })) void _;
  });
}

describe('ordered reader: string length and frames per stack as options', () => {
  it('defaults are Go\'s values', () => {
    expect(DEFAULT_GENERATION_LIMITS.maxStringSize).to.equal(MAX_STRING_SIZE).and.equal(1024);
    expect(DEFAULT_GENERATION_LIMITS.maxFramesPerStack).to.equal(MAX_FRAMES_PER_STACK).and.equal(128);
  });

  it('by default: exactly Go\'s limits, accepted at the limit', () => {
    const ev = goBlock(readTraceSync(trace(MAX_STRING_SIZE, MAX_FRAMES_PER_STACK)));
    expect(ev.stateTransition.reason).to.have.length(MAX_STRING_SIZE);
    expect(ev.stack).to.have.length(MAX_FRAMES_PER_STACK);
  });

  it('by default: Go\'s message, word for word, with no option named', () => {
    const s = readError(trace(MAX_STRING_SIZE + 1, 1));
    expect(s).to.include({ code: 'bad-table', goMessage: 'invalid string size 1025, maximum is 1024' });
    expect(s.message).to.match(/^invalid string size 1025, maximum is 1024 \(at generation 1, byte \d+\)$/);
    const f = readError(trace(6, MAX_FRAMES_PER_STACK + 1));
    expect(f).to.include({ code: 'bad-table', goMessage: 'invalid stack size 129, maximum is 128' });
    expect(f.message).to.match(/^invalid stack size 129, maximum is 128 \(at generation 1, byte \d+\)$/);
    // The same through validateTraceSync (what the Go agreement tests use).
    expect(validateTraceSync(trace(MAX_STRING_SIZE + 1, 1)).error!.message).to.equal(s.message);
  });

  it('an option given as undefined keeps the default', () => {
    expect(readError(trace(MAX_STRING_SIZE + 1, 1), { maxStringSize: undefined }).goMessage).to.equal('invalid string size 1025, maximum is 1024');
    expect(readError(trace(6, 129), { maxFramesPerStack: undefined }).goMessage).to.equal('invalid stack size 129, maximum is 128');
  });

  it('lowered: the same error class and code, the configured maximum, and the limit named', () => {
    const s = readError(trace(6, 1), { maxStringSize: 5 });
    expect(s).to.include({ code: 'bad-table', goMessage: 'invalid string size 6, maximum is 5' });
    expect(s.message).to.contain('string length limit from { limits: { maxStringSize: 5 } }');
    const f = readError(trace(6, 2), { maxFramesPerStack: 1 });
    expect(f).to.include({ code: 'bad-table', goMessage: 'invalid stack size 2, maximum is 1' });
    expect(f.message).to.contain('frames per stack limit from { limits: { maxFramesPerStack: 1 } }');
  });

  it('raised: a longer string and a deeper stack than Go allows are read', async () => {
    const bytes = trace(3000, 300);
    const limits = { maxStringSize: 4096, maxFramesPerStack: 512 };
    const ev = goBlock(readTraceSync(bytes, { limits }));
    expect(ev.stateTransition.reason).to.equal('a'.repeat(3000));
    const stack = ev.stack!;
    expect(stack).to.have.length(300);
    expect(stack[299]).to.include({ pc: 0x401000 + 16 * 299, func: 'main.main', file: 'main.go', line: 309 });
    // Streamed in small pieces, too.
    const streamed = goBlock(await collect(await openTrace(chunks(bytes, 100), { limits })));
    expect(streamed.stack).to.have.length(300);
    // Raising one limit leaves the other at Go's value.
    expect(readError(bytes, { maxStringSize: 4096 }).goMessage).to.equal('invalid stack size 300, maximum is 128');
    expect(readError(bytes, { maxFramesPerStack: 512 }).goMessage).to.equal('invalid string size 3000, maximum is 1024');
  });
});

describe('text readers: line length and frames per stack as options', () => {
  const head = 'Trace Go1.26\n';
  /** A comment line of `n` bytes: Go's scanner limit applies to it like to any line. */
  const comment = (n: number, ch = 'x'): string => '#' + ch.repeat(n - 1);
  const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

  async function streamed(text: string, options?: { maxLineBytes?: number; maxFramesPerStack?: number }, size = 4096): Promise<unknown> {
    try {
      return (await collect(await openText(chunks(utf8(text), size), options))).length;
    } catch (e) {
      return e;
    }
  }
  function parsed(text: string, options?: { maxLineBytes?: number; maxFramesPerStack?: number }): unknown {
    try {
      return parseText(text, options).events.length;
    } catch (e) {
      return e;
    }
  }

  it('by default: Go\'s 65,535 bytes; the error keeps Go\'s words and says the limit', async () => {
    expect(parsed(head + comment(MAX_TEXT_LINE_BYTES) + '\n')).to.equal(0);
    expect(await streamed(head + comment(MAX_TEXT_LINE_BYTES) + '\n')).to.equal(0);
    for (const e of [parsed(head + comment(MAX_TEXT_LINE_BYTES + 1) + '\n'), await streamed(head + comment(MAX_TEXT_LINE_BYTES + 10) + '\n')]) {
      expect(e).to.be.instanceOf(TextFormatError).and.include({ code: 'line-too-long', goMessage: 'bufio.Scanner: token too long', line: 2 });
      expect((e as Error).message).to.equal('line 2, column 1: bufio.Scanner: token too long (text line length: more than 65535 bytes, option maxLineBytes)');
    }
  });

  it('lowered: parseText and openText reject a line over maxLineBytes, in UTF-8 bytes', async () => {
    for (const run of [parsed, streamed]) {
      expect(await run(head + comment(100) + '\n', { maxLineBytes: 100 })).to.equal(0);
      const e = await run(head + comment(101) + '\n', { maxLineBytes: 100 });
      expect(e).to.be.instanceOf(TextFormatError).and.include({ code: 'line-too-long', line: 2 });
      expect((e as Error).message).to.contain('more than 100 bytes, option maxLineBytes');
      // 'é' is two bytes: 1 + 2 × 50 = 101 bytes in 51 characters.
      expect(await run(head + comment(51, 'é') + '\n', { maxLineBytes: 101 })).to.equal(0);
      expect(await run(head + comment(51, 'é') + '\n', { maxLineBytes: 100 })).to.be.instanceOf(TextFormatError);
      // The header line counts too.
      expect(await run(head, { maxLineBytes: 5 })).to.be.instanceOf(TextFormatError).and.include({ line: 1 });
    }
  });

  it('lowered: an endless line is refused after about maxLineBytes, not buffered', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      yield utf8(head);
      for (;;) {
        pulled += 64;
        yield new Uint8Array(64).fill(0x23); // '#'
      }
    }
    let err: unknown;
    try {
      await collect(await openText(endless(), { maxLineBytes: 1000 }));
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(TextFormatError).and.include({ code: 'line-too-long' });
    expect(pulled).to.be.below(1000 + 2 * 64);
  });

  it('raised: lines above Go\'s limit are read', async () => {
    const text = head + comment(100_000) + '\nProcStop dt=1\n';
    expect(parsed(text)).to.be.instanceOf(TextFormatError);
    expect(parsed(text, { maxLineBytes: 1 << 17 })).to.equal(1);
    expect(await streamed(text, { maxLineBytes: 1 << 17 }, 1000)).to.equal(1);
  });

  it('frames per stack: 1,000,000 announced frames by default, overridable, named', async () => {
    const stack = (n: number): string => `${head}Stack id=1 nframes=${n}\n` + '\tpc=1 func=2 file=3 line=4\n'.repeat(Math.min(n, 3));
    expect(parsed(stack(3))).to.equal(1);
    const big = parsed(stack(1_000_001));
    expect(big).to.be.instanceOf(TextFormatError).and.include({ code: 'limit-exceeded', goMessage: 'stack with 1000001 frames is too deep' });
    expect((big as Error).message).to.contain('frames per stack: more than 1000000, option maxFramesPerStack');
    for (const run of [parsed, streamed]) {
      expect(await run(stack(3), { maxFramesPerStack: 3 })).to.equal(1);
      const e = await run(stack(3), { maxFramesPerStack: 2 });
      expect(e).to.be.instanceOf(TextFormatError).and.include({ code: 'limit-exceeded', line: 2 });
      expect((e as Error).message).to.contain('more than 2, option maxFramesPerStack');
    }
  });

  it('every error here is a GotraceError', () => {
    expect(parsed(head + comment(10) + '\n', { maxLineBytes: 5 })).to.be.instanceOf(GotraceError);
  });
});
