import { expect } from 'chai';
import { parseHeader, headerBytes } from '../src/wire/header.js';
import { TraceFormatError, TruncatedTraceError, UnsupportedVersionError } from '../src/errors.js';
import { TRACE_VERSIONS } from '../src/format/versions.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('header', () => {
  for (const v of TRACE_VERSIONS) {
    it(`writes and reads the 16-byte header of version ${v}`, () => {
      const h = headerBytes(v);
      expect(h.length).to.equal(16);
      expect(new TextDecoder().decode(h)).to.equal(`go 1.${v} trace\0\0\0`);
      const r = parseHeader(h, true);
      expect(r).to.deep.equal({ kind: 'ok', header: { version: v, size: 16 } });
    });
  }

  it('accepts leading zeros as Go does', () => {
    const r = parseHeader(enc('go 1.022 trace\0\0\0'), true);
    expect(r).to.deep.equal({ kind: 'ok', header: { version: 22, size: 17 } });
  });

  it('rejects v1 traces with a clear "Go 1.21 or older" message', () => {
    for (const v of [11, 19, 21]) {
      expect(() => parseHeader(enc(`go 1.${v} trace\0\0\0`), true))
        .to.throw(UnsupportedVersionError, `unsupported version go 1.${v} (Go 1.21 or older)`);
    }
  });

  it('rejects unknown versions with Go\'s message', () => {
    expect(() => parseHeader(enc('go 1.24 trace\0\0\0'), true)).to.throw(UnsupportedVersionError, 'unknown or unsupported trace version go 1.24');
    expect(() => parseHeader(enc('go 1.5 trace\0\0\0\0'), true)).to.throw(UnsupportedVersionError, 'go 1.5');
  });

  it('rejects non-traces with Go\'s message and offset 0', () => {
    for (const s of ['hello world, not a trace', 'go 1.22 trace\0\0X', 'go 1.x22 trace\0\0\0', 'Go 1.22 trace\0\0\0', 'go 1.99999999999 trace\0\0\0']) {
      try {
        parseHeader(enc(s), true);
        expect.fail(`accepted ${JSON.stringify(s)}`);
      } catch (e) {
        expect(e).to.be.instanceOf(TraceFormatError);
        expect((e as TraceFormatError).goMessage).to.equal('bad file format: not a Go execution trace?');
        expect((e as TraceFormatError).offset).to.equal(0);
      }
    }
  });

  it('asks for more input, or reports truncation when there is none', () => {
    expect(parseHeader(enc('go 1.2'), false)).to.deep.equal({ kind: 'need-more' });
    expect(() => parseHeader(enc('go 1.2'), true)).to.throw(TruncatedTraceError);
    expect(() => parseHeader(new Uint8Array(0), true)).to.throw(TruncatedTraceError, 'the input is empty');
    try {
      parseHeader(new TextEncoder().encode('go 1.2'), true);
    } catch (e) {
      // Go's words stay exact in goMessage; our detail is only in the message.
      expect((e as TruncatedTraceError).goMessage).to.equal('bad file format: not a Go execution trace?');
      expect((e as TruncatedTraceError).message).to.equal('bad file format: not a Go execution trace? (the input ends inside the header) (at byte 6)');
    }
  });
});
