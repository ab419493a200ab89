/** The error a call is expected to throw, for tests that go on to check its fields. */
import { expect } from 'chai';

/** The error `f` throws, checked to be a `cls`; the test fails if `f` returns normally. */
export function thrown<E extends Error>(cls: abstract new (...args: never[]) => E, f: () => unknown): E {
  try {
    f();
  } catch (e) {
    expect(e).to.be.instanceOf(cls);
    return e as E;
  }
  throw new Error(`expected a ${cls.name}, but nothing was thrown`);
}

/** What `f` throws or its promise rejects with; the test fails if it settles normally. */
export async function rejection(f: () => unknown): Promise<unknown> {
  try {
    await f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}
