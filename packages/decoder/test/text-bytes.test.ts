/**
 * openText reads lines as bytes, with a fast path for the common event and frame lines
 * (text/byte-fast.ts); parseText reads text lines with the general parser. Both must give the
 * same events and the same errors (message, line, column) for any input: real text traces, and
 * the same with lines bent in every way the fast path has to notice (blanks, CRLF, comments,
 * odd numbers, unknown names, non-ASCII spaces, stray lines), in any chunking.
 */
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseText } from '../src/text/reader.js';
import { encodeText } from '../src/text/writer.js';
import { openText } from '../src/text/stream.js';
import { decodeRaw } from '../src/wire/raw-reader.js';
import type { RawEvent } from '../src/wire/raw-event.js';
import { FIXTURES, readBytes } from './support/corpus.js';
import { rng } from './support/corrupt.js';

const FILES = ['mixed-go122.trace', 'mixed-go126.trace', 'cpu-go126.trace', 'annotations-go122.trace']
  .map((f) => join(FIXTURES, 'traces', f))
  .filter(existsSync);

type Outcome = { events: RawEvent[]; error?: undefined } | { events: RawEvent[]; error: Record<string, unknown> };

function describeError(e: unknown): Record<string, unknown> {
  const x = e as { name?: string; code?: string; message?: string; line?: number; column?: number };
  return { name: x.name, code: x.code, message: x.message, line: x.line, column: x.column };
}

function viaString(text: string): Outcome {
  try {
    return { events: [...parseText(text).events] };
  } catch (e) {
    return { events: [], error: describeError(e) };
  }
}

function cut(bytes: Uint8Array, rand: () => number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let p = 0;
  while (p < bytes.length) {
    const n = rand() < 0.2 ? 1 + Math.floor(rand() * 7) : 1 + Math.floor(rand() * 4000);
    out.push(bytes.slice(p, p + n));
    p += n;
  }
  return out;
}

async function viaBytes(text: string, rand: () => number, scan: boolean): Promise<Outcome> {
  const events: RawEvent[] = [];
  try {
    const s = await openText(cut(new TextEncoder().encode(text), rand));
    if (scan) await s.scan((ev) => void events.push(ev));
    else for await (const a of s.eventArrays()) events.push(...a);
    return { events };
  } catch (e) {
    // parseText reports no events with its error: compare the error alone.
    return { events: [], error: describeError(e) };
  }
}

/** Bends one line the way a hand-edited or foreign text trace might. */
function bend(line: string, rand: () => number): string[] {
  const pick = Math.floor(rand() * 21);
  switch (pick) {
    case 0:
      return [line + '\r']; // CRLF
    case 1:
      return ['  ' + line]; // leading blanks
    case 2:
      return [line.replace(' ', '  ')]; // a double blank
    case 3:
      return [line.replace(' ', '\t')]; // a tab separator
    case 4:
      return [line + ' # note']; // trailing comment
    case 5:
      return ['# a comment', line];
    case 6:
      return ['', line]; // blank line
    case 7:
      return [line.replace(/=(\d)/, '=x$1')]; // a bad number
    case 8:
      return [line.replace(/=(\d+)/, '=000000000000000000000$1')]; // 21+ digits, leading zeros
    case 9:
      return [line.replace(/=\d+/, '=18446744073709551616')]; // 2^64: out of range
    case 10:
      return [line.replace(/^(\t?)([A-Za-z]+)/, '$1$2x')]; // unknown name
    case 11:
      return [line.replace(' ', '\u00a0')]; // a non-ASCII Go space
    case 12:
      return [line.replace(/ [a-z_]+=\d+$/, '')]; // an argument dropped
    case 13:
      return [line + ' extra=1']; // one too many
    case 14:
      return [line.replace(/ ([a-z_]+)=/, ' $1$1=')]; // wrong argument name
    case 15:
      return [line.replace(/ ([a-z])([a-z_]*)=/, (_, a: string, b: string) => ` ${a === 'q' ? 'r' : 'q'}${b}=`)]; // same-length wrong name
    case 16:
      return [line.replace(/=(\d+)/, '=$1x')]; // digits then a letter
    case 17:
      return [line + '#note']; // a comment with no blank before it
    case 19:
      return ['\ufeff' + line]; // a byte-order mark inside the text: part of the line
    case 18:
      return [line.replace(/^(\t?)GoStart /, '$1GoBlock ').replace(/^(\t?)ProcStart /, '$1GoStop ')]; // another event's name
    default:
      return [line + ' '];
  }
}

describe('text reader: bytes and strings agree on the edge cases', () => {
  const cases: [string, string][] = [
    ['a byte-order mark at the start of an event line', 'Trace Go1.23\n\ufeffProcStatus dt=1 p=0 pstatus=1\n'],
    ['a byte-order mark at the start of the input', '\ufeffTrace Go1.23\nProcStatus dt=1 p=0 pstatus=1\n'],
    ['a byte-order mark before a bad number', 'Trace Go1.23\n\ufeffProcStatus dt=x p=0 pstatus=1\n'],
    ['no final newline', 'Trace Go1.23\nProcStatus dt=1 p=0 pstatus=1'],
    ['CRLF throughout', 'Trace Go1.23\r\nProcStatus dt=1 p=0 pstatus=1\r\n'],
    ['only a header', 'Trace Go1.23\n'],
    ['nothing at all', ''],
  ];
  for (const [name, text] of cases) {
    it(name, async () => {
      const rand = rng(3);
      const want = viaString(text);
      expect(await viaBytes(text, rand, true)).to.deep.equal(want);
      expect(await viaBytes(text, rand, false)).to.deep.equal(want);
    });
  }

  it('a line exactly at the length limit passes, one byte more fails, with CRLF counted', async () => {
    const line = 'ProcStatus dt=1 p=0 pstatus=1';
    for (const [extra, max] of [['', line.length], ['\r', line.length + 1], ['', line.length - 1], ['\r', line.length]] as const) {
      const text = `Trace Go1.23\n${line}${extra}\n`;
      const want = (() => {
        try {
          return { events: [...parseText(text, { maxLineBytes: max }).events] };
        } catch (e) {
          return { events: [], error: describeError(e) };
        }
      })();
      const s = await openText(cut(new TextEncoder().encode(text), rng(max)), { maxLineBytes: max });
      const got: Outcome = await s.scan(() => {}).then(
        async () => ({ events: [...parseText(text, { maxLineBytes: max }).events] }),
        (e: unknown) => ({ events: [], error: describeError(e) }),
      );
      expect(got, `${JSON.stringify(extra)} max ${max}`).to.deep.equal(want);
    }
  });

  it('a long line in tiny chunks is read (not a stack overflow joining them)', async () => {
    const data = 'x'.repeat(1 << 20);
    const text = `Trace Go1.23\nString id=1\n\tdata="${data}"\n`;
    const bytes = new TextEncoder().encode(text);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 4) chunks.push(bytes.subarray(i, i + 4));
    const s = await openText(chunks, { maxLineBytes: 1 << 21 });
    const events: RawEvent[] = [];
    await s.scan((ev) => void events.push(ev));
    expect(events.length).to.equal(1);
    expect(events[0]!.data!.length).to.equal(1 << 20);
  });

  it('after a scan visitor throws, the stream keeps failing with that error (no repeated events)', async () => {
    const s = await openText([new TextEncoder().encode('Trace Go1.23\nProcStatus dt=1 p=0 pstatus=1\nProcStatus dt=2 p=1 pstatus=1\nProcStatus dt=3 p=2 pstatus=1\n')]);
    const boom = new Error('visitor failed');
    let seen = 0;
    let err: unknown;
    await s.scan(() => {
      if (++seen === 2) throw boom;
    }).catch((e: unknown) => (err = e));
    expect(err).to.equal(boom);
    let again: unknown;
    try {
      for await (const ev of s) expect.fail(`no event after the failure, got ${JSON.stringify(ev.args)}`);
    } catch (e) {
      again = e;
    }
    expect(again).to.equal(boom);
    expect(await s.scan(() => {}).catch((e: unknown) => e)).to.equal(boom);
  });
});

(FILES.length ? describe : describe.skip)('text reader: bytes fast path = string parser', () => {
  const texts = FILES.map((f) => encodeText(decodeRaw(readBytes(f))));

  it('real text traces: same events, in any chunking, through scan and eventArrays', async () => {
    const rand = rng(11);
    for (const t of texts) {
      const want = viaString(t);
      expect(want.error).to.equal(undefined);
      expect(await viaBytes(t, rand, true)).to.deep.equal(want);
      expect(await viaBytes(t, rand, false)).to.deep.equal(want);
    }
  });

  it('bent lines: same events or the same error (message, line, column)', async function () {
    this.timeout(60_000);
    let errors = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const rand = rng(seed);
      const lines = texts[seed % texts.length]!.split('\n');
      const k = 1 + Math.floor(rand() * 3);
      for (let j = 0; j < k; j++) {
        const i = 1 + Math.floor(rand() * (lines.length - 2)); // not the header
        lines.splice(i, 1, ...bend(lines[i]!, rand));
      }
      // Sometimes cut the text short too.
      let text = lines.join('\n');
      if (rand() < 0.2) text = text.slice(0, Math.floor(rand() * text.length));
      const want = viaString(text);
      if (want.error) errors++;
      const got = await viaBytes(text, rand, seed % 2 === 0);
      expect(got, `seed ${seed}`).to.deep.equal(want);
    }
    // The bends must reach the error paths, not only the accepted ones.
    expect(errors).to.be.greaterThan(50);
  });
});
