import { RegistrationError } from './errors/index.js';
import { describeValue } from './describe-value.js';
import { isRegularizerClass } from './is-regularizer-class.js';
import type { RegularizerTarget } from './regularizer.js';

const NAME_PART = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;

/**
 * The rule for registered names, stated once for messages and docs: one or two parts joined by
 * `>` (`"Package>Name"`), each starting with a letter or `_` and holding only letters, digits, `_`,
 * `.` and `-`, at most 128 characters each. Names of `Object.prototype` members are reserved.
 */
export const NAME_RULE =
  'one or two parts joined by ">", each starting with a letter or "_" and made of letters, digits, "_", "." and "-" (at most 128 characters each)';

/**
 * Validates a name and joins it to its package prefix, as Keras's
 * `register_keras_serializable(package=...)` does: `"Examples" + "GroupLasso"` gives `"Examples>GroupLasso"`.
 *
 * @throws {@link RegistrationError} naming the bad name or package.
 */
export function qualifiedName(name: unknown, packageName: unknown): string {
  if (packageName !== undefined) {
    checkPart('package', packageName);
    checkPart('name', name);
    return `${packageName as string}>${name as string}`;
  }
  if (typeof name === 'string') {
    const parts = name.split('>');
    if (parts.length <= 2 && parts.every((part) => NAME_PART.test(part))) {
      checkNotReserved(name);
      return name;
    }
  }
  throw new RegistrationError(
    `Invalid regularizer name ${describeValue(name)}: a name is ${NAME_RULE}.`,
  );
}

/**
 * The name a target registers under before its package prefix: the `name` option, else a class's
 * static `className`, else a function's own name. A class's own name is never used, because
 * minifiers change it.
 *
 * @throws {@link RegistrationError} for a target that is not a function, or has no name to use.
 */
export function nameToRegister(target: RegularizerTarget, name: string | undefined): unknown {
  if (typeof target !== 'function') {
    throw new RegistrationError(
      `registerRegularizer expects a regularizer class or a plain function. Received: ${describeValue(target)}`,
    );
  }
  if (name !== undefined) return name;
  if (isRegularizerClass(target)) {
    if (typeof target.className === 'string') return target.className;
    throw new RegistrationError(
      `Cannot register ${describeValue(target)}: it has no static className. Add \`static readonly className = '${target.name || 'MyRegularizer'}'\`, or pass { name }. The class's own name is not used, because minifiers change it.`,
    );
  }
  if (target.name !== '') return target.name;
  throw new RegistrationError(
    'Cannot register an anonymous function: pass { name: "my_regularizer" } so saved models can refer to it.',
  );
}

function checkPart(argument: string, value: unknown): void {
  if (typeof value !== 'string' || !NAME_PART.test(value)) {
    throw new RegistrationError(
      `Invalid regularizer ${argument} ${describeValue(value)}: a ${argument} starts with a letter or "_" and holds only letters, digits, "_", "." and "-" (no ">").`,
    );
  }
  checkNotReserved(value);
}

function checkNotReserved(name: string): void {
  if (name in Object.prototype) {
    throw new RegistrationError(
      `Invalid regularizer name "${name}": it is reserved, because it names a member of Object.prototype. Choose another name.`,
    );
  }
}
