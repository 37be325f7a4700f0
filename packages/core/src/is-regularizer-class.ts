import type { RegularizerClass } from './regularizer.js';

/**
 * Tells a regularizer class from a plain penalty function: a class has an `apply` method on its
 * prototype, declares a static `className`, or is a class at all (see {@link isClassConstructor});
 * a plain function is none of these. Registering names a class by its `className`, and resolving
 * an identifier builds a class but wraps a function.
 */
export function isRegularizerClass(value: unknown): value is RegularizerClass {
  if (typeof value !== 'function') return false;
  const prototype = (value as { prototype?: { apply?: unknown } }).prototype;
  return (
    typeof prototype?.apply === 'function' ||
    typeof (value as { className?: unknown }).className === 'string' ||
    isClassConstructor(value)
  );
}

/**
 * Whether a function is a class, which can only be called with `new`. A `class` (and a built-in
 * constructor such as `Map`) has a read-only `prototype`, where an ordinary `function` has a
 * writable one and an arrow function or method none. The property is non-configurable, so a Proxy
 * must report it as it is: reading the source text would see `[native code]` through a Proxy.
 */
export function isClassConstructor(value: object): boolean {
  return Object.getOwnPropertyDescriptor(value, 'prototype')?.writable === false;
}
