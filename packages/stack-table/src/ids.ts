/**
 * Branded IDs: a StringId cannot be passed where a StackId is expected. Both are numbers at
 * run time. ID 0 is reserved on the wire: "no stack" / "the empty string", never defined.
 */
import { IdRangeError } from './errors.js';

export type StackId = number & { readonly __brand: 'StackId' };
export type StringId = number & { readonly __brand: 'StringId' };

export const NO_STACK = 0 as StackId;
export const EMPTY_STRING = 0 as StringId;

/** @throws IdRangeError unless `n` is a non-negative safe integer. */
export function stackId(n: number): StackId {
  if (!Number.isSafeInteger(n) || n < 0) throw new IdRangeError(n, 'stack');
  return n as StackId;
}

/** @throws IdRangeError unless `n` is a non-negative safe integer. */
export function stringId(n: number): StringId {
  if (!Number.isSafeInteger(n) || n < 0) throw new IdRangeError(n, 'string');
  return n as StringId;
}
