/**
 * Wrong input to the writers is an error that says which event, which argument and what was
 * given — never bytes written from it. Before these checks a negative argument wrote a 0xff byte,
 * 1.5 wrote 1, "3" wrote 3, NaN wrote 0, 2^64 wrote an 11-byte varint, an unknown type crashed,
 * and an unknown batchLength or version silently wrote something else. Options are checked with
 * zod when the writer is made: misspelt keys and wrong values name the option.
 */
import { expect } from 'chai';
import { decodeRaw, type RawEvent } from '@gotrace/decoder';
import { encodeRaw, RawEncoder, EncodeError } from '../src/wire-writer.js';
import { TraceWriter } from '../src/trace-writer.js';
import { TraceWriterError } from '../src/strict/errors.js';
import { thrown } from '../../decoder/test/support/thrown.js';

type LooseEvent = { type: number; name: string; args: unknown[]; lengthWidth?: unknown };
const batch = (args: unknown[]): LooseEvent => ({ type: 1, name: 'EventBatch', args });
const raw = (ev: LooseEvent) => ev as unknown as RawEvent;

const encodeError = (events: unknown[]): EncodeError => thrown(EncodeError, () => encodeRaw({ version: 26, events: events as never }));

describe('raw writer: bad events', () => {
  const good = batch([1, 2, 3, 0]);

  it('accepts every U64: small and large numbers, bigints up to 2^64−1, typed arrays of them', () => {
    const max = 2n ** 64n - 1n;
    const bin = encodeRaw({ version: 26, events: [raw(batch([Number.MAX_SAFE_INTEGER, max, 128, 0])), { type: 1, name: 'EventBatch', args: new Float64Array([1, 2, 3, 0]) } as never] });
    const back = decodeRaw(bin).events;
    expect(back.map((e) => e.args)).to.deep.equal([[Number.MAX_SAFE_INTEGER, max, 128, 0], [1, 2, 3, 0]]);
  });

  const cases: [string, unknown, string][] = [
    ['-1', -1, 'is -1:'],
    ['1.5', 1.5, 'is 1.5:'],
    ['NaN', NaN, 'is NaN:'],
    ['Infinity', Infinity, 'is Infinity:'],
    ['2^53 as a number', 2 ** 53, 'is 9007199254740992: expected an integer 0 ≤ v < 2^64 (a number up to 2^53−1, or a bigint) (above 2^53−1 a number is inexact: pass a bigint)'],
    ['a string', '3', 'is a string ("3"):'],
    ['-1n', -1n, 'is -1n:'],
    ['2^64', 2n ** 64n, 'is 18446744073709551616n:'],
    ['null', null, 'is null:'],
  ];
  for (const [name, v, msg] of cases) {
    it(`rejects ${name} as an argument, naming the event, its index and the argument`, () => {
      const e = encodeError([good, batch([1, v, 3, 0])]);
      expect(e.index).to.equal(1);
      expect(e.message).to.contain(`event #1: EventBatch argument m ${msg}`);
      // The size argument (written padded) and frame words are checked the same way.
      expect(encodeError([batch([1, 2, 3, v])]).message).to.contain(`EventBatch argument size ${msg}`);
      expect(encodeError([{ type: 3, name: 'Stack', args: [1, 1], frames: [1, 2, v, 4] }]).message).to.contain(`Stack frame word 2 ${msg}`);
    });
  }

  it('rejects events that are not events, unknown types, and bad args/frames/data containers', () => {
    expect(encodeError([null]).message).to.equal('event #0: expected an event object, got null');
    expect(encodeError([{ type: 999, args: [] }]).message).to.equal('event #0: event type 999 is not defined in version 26');
    expect(encodeError([{ type: -1, args: [] }]).message).to.equal('event #0: event type -1 is not defined in version 26');
    expect(encodeError([{ type: 1.5, args: [] }]).message).to.equal('event #0: event type 1.5 is not defined in version 26');
    expect(encodeError([{ type: '1', args: [] }]).message).to.equal('event #0: event type must be a number, got a string ("1")');
    expect(encodeError([{ type: 1 }]).message).to.equal('event #0: EventBatch: args must be an array, got undefined');
    expect(encodeError([{ type: 3, args: [1, 1], frames: 'abcd' }]).message).to.equal('event #0: Stack: frames must be an array, got a string ("abcd")');
    expect(encodeError([{ type: 5, args: [1], data: 'abc' }]).message).to.equal('event #0: String: data must be a Uint8Array, got a string ("abc")');
  });

  it('leaves nothing of a rejected event behind: the encoder goes on with the next one', () => {
    const enc = new RawEncoder(26);
    enc.write(raw(good));
    const before = enc.buffered;
    // Bad in its last argument (the first three are written before the check), in a frame word,
    // and in its lengthWidth (an 11-byte or fractional width no uvarint has).
    const bad = [batch([1, 200, 3, -1]), { type: 3, name: 'Stack', args: [1, 1], frames: [1, 2, 3, -4] }, { ...batch([1, 2, 3, 0]), lengthWidth: 11 }, { ...batch([1, 2, 3, 0]), lengthWidth: 'x' }];
    for (const ev of bad) {
      expect(() => enc.write(ev as never)).to.throw(EncodeError);
      expect(enc.buffered).to.equal(before);
    }
    enc.write(raw(good));
    const back = decodeRaw(enc.take()).events;
    expect(back.map((e) => e.args)).to.deep.equal([[1, 2, 3, 0], [1, 2, 3, 0]]);
    expect(() => new RawEncoder(26).write({ ...batch([1, 2, 3, 0]), lengthWidth: 11 } as never)).to.throw(EncodeError, 'event #0: lengthWidth must be a whole number of bytes from 1 to 10, got a number (11)');
  });

  it('rejects a trace that is not { version, events }', () => {
    expect(() => encodeRaw(null as never)).to.throw(TypeError, 'encodeRaw: expected { version, events }, got null');
    expect(() => encodeRaw({ version: 26, events: 5 } as never)).to.throw(TypeError, 'encodeRaw: events must be an iterable of raw events, got a number (5)');
  });

  it('checks its version and options when made', () => {
    expect(() => new RawEncoder(99 as never)).to.throw(RangeError, 'RawEncoder: unsupported trace version 99; use 22, 23, 25 or 26');
    expect(() => new RawEncoder('26' as never)).to.throw(RangeError, 'unsupported trace version a string ("26")');
    expect(() => new RawEncoder(26, { batchLength: 'weird' } as never)).to.throw(RangeError, 'RawEncoder options: batchLength: expected one of "padded", "minimal", "preserve", got a string ("weird")');
    expect(() => new RawEncoder(26, { batchlength: 'padded' } as never)).to.throw(RangeError, 'Unrecognized key: "batchlength"');
    expect(() => new RawEncoder(26, { batchLength: 'minimal' })).not.to.throw();
  });
});

describe('TraceWriter options', () => {
  const bad: [string, unknown, string][] = [
    ['version as a string', { version: '26' }, 'version: unsupported trace version a string ("26"); use 22, 23, 25 or 26'],
    ['an unknown version', { version: 21 }, 'version: unsupported trace version 21; use 22, 23, 25 or 26'],
    ['frequency 0', { frequency: 0 }, 'frequency: expected a positive integer, got a number (0)'],
    ['frequency 1.5', { frequency: 1.5 }, 'frequency: expected a positive integer, got a number (1.5)'],
    ['an unknown clock', { clock: 'wall' }, 'clock: expected "explicit", "monotonic" or a function returning ticks, got a string ("wall")'],
    ['batchLength preserve (raw writer only)', { batchLength: 'preserve' }, 'batchLength: expected one of "padded", "minimal", got a string ("preserve")'],
    ['strict as a string', { strict: 'no' }, 'strict: expected true or false, got a string ("no")'],
    ['firstGeneration 0', { firstGeneration: 0 }, 'firstGeneration: expected a positive integer, got a number (0)'],
    ['a negative generationPeriod', { generationPeriod: -1 }, 'generationPeriod: expected a positive number of ticks, Infinity or false, got a number (-1)'],
    ['generationBytes true', { generationBytes: true }, 'generationBytes: expected a positive integer, Infinity or false, got a boolean (true)'],
    ['epochNs as a number', { epochNs: 5 }, 'epochNs: expected a bigint (nanoseconds), got a number (5)'],
    ['output not a function', { output: 'out.trace' }, 'output: expected a function, got a string ("out.trace")'],
    ['a misspelt key', { symbolise: () => 0 }, 'Unrecognized key: "symbolise"'],
    ['not an object', null, 'expected object, received null'],
  ];
  for (const [name, options, msg] of bad) {
    it(`rejects ${name}, naming the option`, () => {
      let err: unknown;
      try {
        new TraceWriter(options as never);
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(TraceWriterError);
      expect((err as TraceWriterError).code).to.equal('bad-option');
      expect((err as Error).message).to.equal(`TraceWriter options: ${msg}`);
    });
  }

  it('lists every problem at once', () => {
    expect(() => new TraceWriter({ frequency: -1, strict: 1 } as never)).to.throw(TraceWriterError, 'TraceWriter options: frequency: expected a positive integer, got a number (-1); strict: expected true or false, got a number (1)');
  });

  it('takes Infinity for "never" in generationPeriod and generationBytes, like false', () => {
    expect(() => new TraceWriter({ generationPeriod: Infinity, generationBytes: Infinity }).finish()).not.to.throw();
  });

  it('accepts every documented option', () => {
    const chunks: Uint8Array[] = [];
    const w = new TraceWriter({
      version: 25, frequency: 1000, clock: () => 5, batchLength: 'minimal', strict: false, firstGeneration: 3,
      generationPeriod: false, generationBytes: 1 << 20, epochNs: 0n, output: (c) => chunks.push(c), symbolize: () => ({ func: 'f', file: 'f.go', line: 1 }),
    });
    w.finish();
    expect(chunks.length).to.be.greaterThan(0);
  });
});

describe('scenario API arguments', () => {
  it('wants JSON text or its bytes, and checks its options', async () => {
    const { encodeScenarioText, encodeScenario } = await import('../src/scenario/encode.js');
    expect(() => encodeScenarioText(null as never)).to.throw(TypeError, 'encodeScenarioText: expected JSON text: a string, or its UTF-8 bytes (Uint8Array, ArrayBuffer, ArrayBufferView), got null');
    expect(() => encodeScenarioText(42 as never)).to.throw(TypeError, 'got a number (42)');
    expect(() => encodeScenarioText('{}', { version: 99 } as never)).to.throw(RangeError, 'scenario options: version: unsupported trace version 99; use 22, 23, 25 or 26');
    expect(() => encodeScenario({}, { batchLength: 'preserve' } as never)).to.throw(RangeError, 'scenario options: batchLength: expected one of "padded", "minimal", got a string ("preserve")');
    expect(() => encodeScenario({}, { maxjsonbytes: 5 } as never)).to.throw(RangeError, 'Unrecognized key: "maxjsonbytes"');
    expect(encodeScenarioText(new TextEncoder().encode('{}'), { batchLength: 'minimal' }).length).to.be.greaterThan(16);
    // Any BufferSource is the text's bytes, as for the decoder's sources.
    expect(encodeScenarioText(new TextEncoder().encode('{}').buffer as never)).to.deep.equal(encodeScenarioText('{}'));
  });
});
