/** Describing a value the caller passed, for the TypeErrors and RangeErrors of wrong arguments. */

/** What `x` is, for error messages: `null`, `a number (42)`, `a string ("a.trace")`, `an array`, `a Map`... */
export function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (typeof x === 'string') return `a string (${JSON.stringify(x.length > 60 ? x.slice(0, 60) + '…' : x)})`;
  if (typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean') return `a ${typeof x} (${String(x)}${typeof x === 'bigint' ? 'n' : ''})`;
  if (typeof x === 'symbol') return 'a symbol';
  if (typeof x === 'function') return 'a function';
  if (Array.isArray(x)) return 'an array';
  const proto: unknown = Object.getPrototypeOf(x);
  if (proto === null) return 'an object without a prototype';
  if (proto === Object.prototype) return 'a plain object';
  const ctor: unknown = (proto as { constructor?: unknown }).constructor;
  const name = typeof ctor === 'function' ? ctor.name : '';
  return name ? `${/^[AEIO]/.test(name) ? 'an' : 'a'} ${name}` : 'an object';
}
