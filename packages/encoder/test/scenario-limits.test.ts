/**
 * The JSON description size limit (issue 6): enforced by the scenario API itself, before
 * JSON.parse, overridable with `maxJsonBytes`; `gotrace encode` applies the same limit while
 * reading (`--max-json-bytes`).
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LimitExceededError } from '@gotrace/decoder';
import { encodeScenarioText, checkJsonSize, MAX_JSON_BYTES, JSON_SIZE_LIMIT, ScenarioError } from '../src/index.js';
import { utf8Length } from '@gotrace/stack-table';
import { FIXTURES } from './paths.js';
import { runGotrace } from './support/cli.js';
import { thrown } from '../../decoder/test/support/thrown.js';

const POOL_PATH = join(FIXTURES, 'scenarios', 'worker-pool.json');
const POOL = readFileSync(POOL_PATH, 'utf8');
const POOL_BYTES = Buffer.byteLength(POOL);

const limitError = (f: () => unknown): LimitExceededError => thrown(LimitExceededError, f);

describe('JSON description size', () => {
  it('defaults to 256 MiB', () => {
    expect(MAX_JSON_BYTES).to.equal(256 * 1024 * 1024);
    expect(() => checkJsonSize(MAX_JSON_BYTES)).not.to.throw();
    const e = limitError(() => checkJsonSize(MAX_JSON_BYTES + 1));
    expect(e).to.include({ limit: JSON_SIZE_LIMIT, value: MAX_JSON_BYTES + 1, max: MAX_JSON_BYTES, code: 'limit-exceeded' });
    expect(JSON_SIZE_LIMIT).to.equal('JSON description size');
  });

  it('below the default, as before: a scenario encodes', () => {
    expect(encodeScenarioText(POOL).length).to.be.greaterThan(0);
  });

  it('maxJsonBytes lowered: a LimitExceededError naming the limit and its option', () => {
    expect(encodeScenarioText(POOL, { maxJsonBytes: POOL_BYTES }).length).to.be.greaterThan(0);
    const e = limitError(() => encodeScenarioText(POOL, { maxJsonBytes: POOL_BYTES - 1 }));
    expect(e).to.include({ limit: 'JSON description size', value: POOL_BYTES, max: POOL_BYTES - 1 });
    expect(e.message).to.equal(`JSON description size ${POOL_BYTES} exceeds the limit of ${POOL_BYTES - 1} (option maxJsonBytes) (at byte ${POOL_BYTES - 1})`);
  });

  it('is checked before JSON.parse: oversized invalid JSON is a limit error, not a ScenarioError', () => {
    expect(() => encodeScenarioText('{ nope')).to.throw(ScenarioError);
    expect(limitError(() => encodeScenarioText('{ nope', { maxJsonBytes: 3 }))).to.include({ value: 6, max: 3 });
  });

  it('counts UTF-8 bytes, for text and for bytes', () => {
    // 'o' → 'ö' is one byte more; '€' adds 3 bytes (one unit), '😀' 4 bytes (two units).
    const text = POOL.replace('main.worker', 'main.wörker€😀');
    const bytes = Buffer.byteLength(text);
    expect(bytes).to.equal(POOL_BYTES + 1 + 3 + 4);
    expect(text.length).to.equal(POOL.length + 3);
    expect(() => encodeScenarioText(text, { maxJsonBytes: bytes })).not.to.throw();
    expect(limitError(() => encodeScenarioText(text, { maxJsonBytes: bytes - 1 }))).to.include({ value: bytes });
    const raw = new TextEncoder().encode(text);
    expect(encodeScenarioText(raw, { maxJsonBytes: bytes })).to.deep.equal(encodeScenarioText(text));
    expect(limitError(() => encodeScenarioText(raw, { maxJsonBytes: bytes - 1 }))).to.include({ value: bytes });
  });

  it('utf8Length agrees with the encoder, lone surrogates included', () => {
    for (const s of ['', 'abc', 'é', '€', '😀', '\ud800', '\udc00x', 'a\ud83d', '\ud83d\ude00\ud83d']) {
      expect(utf8Length(s), JSON.stringify(s)).to.equal(new TextEncoder().encode(s).length);
    }
  });
});

describe('gotrace encode --max-json-bytes', function () {
  this.timeout(60000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gotrace-json-limit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const gotrace = runGotrace;

  it('a scenario over the limit: exit 1, one line naming the limit, no output', () => {
    const out = join(dir, 'x.trace');
    const r = gotrace(['encode', POOL_PATH, '-o', out, '--max-json-bytes', '100']);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/^gotrace: JSON description size \d+ exceeds the limit of 100 \(option maxJsonBytes\)/);
    expect(r.stderr.trimEnd().split('\n')).to.have.length(1);
    expect(existsSync(out)).to.equal(false);
  });

  it('at the limit, and by default: encoded', () => {
    const out = join(dir, 'x.trace');
    expect(gotrace(['encode', POOL_PATH, '-o', out, '--max-json-bytes', String(POOL_BYTES)]).code).to.equal(0);
    expect(readFileSync(out)).to.deep.equal(Buffer.from(encodeScenarioText(POOL)));
    const def = join(dir, 'y.trace');
    expect(gotrace(['encode', POOL_PATH, '-o', def]).code).to.equal(0);
  });

  it('a bad value is a usage error', () => {
    writeFileSync(join(dir, 's.json'), POOL);
    for (const v of ['-1', 'lots', '1.5']) {
      expect(gotrace(['encode', join(dir, 's.json'), '-o', join(dir, 'z.trace'), '--max-json-bytes', v]).code, v).to.equal(2);
    }
  });
});
