/** A string of a binary trace that starts with U+FEFF keeps it everywhere (Go strings are bytes). */
import { expect } from 'chai';
import { TraceReaderSync } from '../src/reader.js';
import { V26_BIN } from './helpers.js';
import { eventToJSON } from '../src/event-json.js';

/** The §17.4 trace with its string 1 ("select", the GoBlock's reason) prefixed by a BOM. */
function withBom(): Uint8Array {
  const b = V26_BIN;
  const at = b.findIndex((_, i) => b[i] === 0x05 && b[i + 1] === 0x01 && b[i + 2] === 0x06 && b[i + 3] === 0x73);
  expect(at).to.be.greaterThan(0);
  const sizeAt = at - 2; // the Strings batch: ... size (0x20), then the Strings byte (0x04)
  expect(b[sizeAt]).to.equal(0x20);
  const out = new Uint8Array(b.length + 3);
  out.set(b.subarray(0, at + 2), 0);
  out[sizeAt] = 0x23;
  out[at + 2] = 9;
  out.set([0xef, 0xbb, 0xbf], at + 3);
  out.set(b.subarray(at + 3), at + 6);
  return out;
}

describe('reader: strings keep a leading byte-order mark', () => {
  it('in the accessors, the JSON form and the text form alike', () => {
    const evs = [...new TraceReaderSync(withBom())];
    const block = evs.find((e) => e.kind === 'StateTransition' && e.stateTransition.reason !== '');
    expect(block, 'the GoBlock').to.not.equal(undefined);
    if (block?.kind !== 'StateTransition') return;
    expect(block.stateTransition.reason).to.equal('\ufeffselect');
    expect(JSON.stringify(eventToJSON(block))).to.contain('\ufeffselect');
    expect(block.toString()).to.contain('Reason="\\ufeffselect"');
  });
});
