/**
 * Whether a value is a plain object, as an object literal or `JSON.parse` makes it: not `null`, an
 * array, a class instance or a function. Options and configs are read only from such objects, so
 * no getter or inherited member can answer for them.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
