import { InvalidArgumentError } from '@regularizers/core';

declare const numberGiven: unique symbol;

/**
 * Part of the config parameter of a class that Keras users build from a bare number
 * (`regularizers.L2(1e-4)`), so that `new L2(1e-4)` fails to compile with a message that says what
 * to write: TypeScript reports that the number is not assignable to
 * `L2Args | ForANumberUse<"l2(1e-4)">`. No value has this type; the constructor throws the same
 * advice at run time.
 */
export interface ForANumberUse<Call extends string> {
  /** Never present: the call to write instead, shown in TypeScript's message. */
  readonly [numberGiven]: Call;
}

/**
 * Refuses a bare number given to a constructor that takes a config, as Keras's `L2(1e-4)` is
 * written, with the call to write for that number.
 *
 * @param owner - the class name, for the message.
 * @param config - what the constructor received.
 * @param instead - the call or calls to write for `factor`.
 * @throws `InvalidArgumentError` when `config` is a number.
 */
export function refuseBareNumber(
  owner: string,
  config: unknown,
  instead: (factor: number) => string,
): void {
  if (typeof config !== 'number') return;
  throw new InvalidArgumentError(
    'config',
    `${owner} takes a config object, not a number: write ${instead(config)} instead. Received: ${String(config)}`,
  );
}
