import type { RegularizerClass } from './regularizer.js';

/**
 * Tells a regularizer class from a plain penalty function: a class has an `apply` method on its
 * prototype, or declares a static `className`; a plain function has neither. Registering names a
 * class by its `className`, and resolving an identifier builds a class but wraps a function.
 */
export function isRegularizerClass(value: unknown): value is RegularizerClass {
  if (typeof value !== 'function') return false;
  const prototype = (value as { prototype?: { apply?: unknown } }).prototype;
  return (
    typeof prototype?.apply === 'function' ||
    typeof (value as { className?: unknown }).className === 'string'
  );
}
