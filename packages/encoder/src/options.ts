/**
 * Option objects of the writers, checked with zod when a writer is made: a misspelt key, a value
 * of the wrong type or out of range is an error that names the option and says what was given,
 * instead of being ignored or silently changing the output.
 */
import { z } from 'zod';
import { describeValue } from '@gotrace/decoder/wire';
import { formatZodError } from './scenario/errors.js';

const VERSION = z.literal([22, 23, 25, 26], {
  error: (i) => `unsupported trace version ${typeof i.input === 'number' ? i.input : describeValue(i.input)}; use 22, 23, 25 or 26`,
});

/** A schema accepting what `ok` accepts, with the message `expected <what>, got <input>`. */
function check<T>(what: string, ok: (v: unknown) => boolean) {
  return z.custom<T>(ok, { error: (i) => `expected ${what}, got ${describeValue(i.input)}` });
}

const isPositiveInt = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const positiveInt = check<number>('a positive integer', isPositiveInt);
const fn = check<(...args: never[]) => unknown>('a function', (v) => typeof v === 'function');
const oneOf = <T extends string>(...names: T[]) => check<T>(`one of ${names.map((n) => JSON.stringify(n)).join(', ')}`, (v) => names.includes(v as T));

export const RawWriteOptionsSchema = z.strictObject({
  batchLength: oneOf('padded', 'minimal', 'preserve').optional(),
});

export const TraceWriterOptionsSchema = z.strictObject({
  version: VERSION.optional(),
  frequency: positiveInt.optional(),
  clock: check<unknown>('"explicit", "monotonic" or a function returning ticks', (v) => v === 'explicit' || v === 'monotonic' || typeof v === 'function').optional(),
  batchLength: oneOf('padded', 'minimal').optional(),
  strict: check<boolean>('true or false', (v) => typeof v === 'boolean').optional(),
  firstGeneration: positiveInt.optional(),
  generationPeriod: check<number | false>('a positive number of ticks, Infinity or false', (v) => v === false || (typeof v === 'number' && v > 0)).optional(),
  generationBytes: check<number | false>('a positive integer, Infinity or false', (v) => v === false || v === Infinity || isPositiveInt(v)).optional(),
  epochNs: check<bigint>('a bigint (nanoseconds)', (v) => typeof v === 'bigint').optional(),
  output: fn.optional(),
  symbolize: fn.optional(),
});

export const EncodeScenarioOptionsSchema = z.strictObject({
  version: VERSION.optional(),
  batchLength: oneOf('padded', 'minimal').optional(),
  maxJsonBytes: z.unknown().optional(), // checked by limitOption, like every size limit
});

/** Checks the version argument of the raw writer. */
export function checkVersion(v: unknown, what: string): void {
  const r = VERSION.safeParse(v);
  if (!r.success) throw new RangeError(`${what}: ${formatZodError(r.error)}`);
}

/**
 * Parses `options` (undefined = all defaults) with `schema`; on failure calls `fail` with one
 * `option: problem` line per problem.
 */
export function checkOptions(schema: z.ZodType, options: unknown, fail: (message: string) => Error): void {
  if (options === undefined) return;
  const r = schema.safeParse(options);
  if (!r.success) throw fail(formatZodError(r.error).replace(/\n/g, '; '));
}
