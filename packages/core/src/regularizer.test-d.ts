import { describe, expectTypeOf, it } from 'vitest';
import { mul, square, sum, tidy } from '@tensorflow/tfjs-core';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import {
  checkArguments,
  checkFactor,
  floatInput,
  getRegularizer,
  registerRegularizer,
  registrationKey,
} from './index.js';
import type {
  Regularizer,
  RegularizerClass,
  RegularizerIdentifier,
  RegularizerTarget,
} from './index.js';

interface StrengthArgs {
  strength?: number;
}

/** A plugin as custom-examples writes one: a static className, checked arguments, a config. */
class Strength implements Regularizer {
  static readonly className = 'Strength';
  static readonly [registrationKey] = 'types-test/Strength';
  readonly strength: number;

  constructor(args?: StrengthArgs) {
    const config = checkArguments('Strength', args, ['strength']);
    this.strength = checkFactor('strength', config.strength ?? 0.01);
  }

  apply(x: Tensor): Scalar {
    return tidy(() => mul<Scalar>(this.strength, sum(square(floatInput('Strength', x)))));
  }

  getConfig(): Required<StrengthArgs> {
    return { strength: this.strength };
  }
}

/** No base class, no import from core, no getConfig: the protocol is structural. */
class Bare {
  apply(x: Tensor): Scalar {
    return sum(x);
  }
}

/** A constructor that takes other arguments, rebuilt through a static fromConfig. */
class Positional {
  static readonly className = 'Positional';
  constructor(
    readonly factor: number,
    readonly axis: number,
  ) {}
  static fromConfig(config: { factor?: unknown; axis?: unknown }): Positional {
    return new Positional(Number(config.factor), Number(config.axis));
  }
  apply(x: Tensor): Scalar {
    return mul<Scalar>(this.factor, sum(x));
  }
  getConfig() {
    return { factor: this.factor, axis: this.axis };
  }
}

class NoApply {
  static readonly className = 'NoApply';
  getConfig() {
    return {};
  }
}

class ReturnsNumber {
  apply(x: Tensor): number {
    return x.size;
  }
}

class ReturnsTensor {
  apply(x: Tensor): Tensor {
    return x;
  }
}

class UnsavableConfig {
  apply(x: Tensor): Scalar {
    return sum(x);
  }
  getConfig() {
    return { penalty: (x: Tensor) => sum(x) };
  }
}

class NumericClassName {
  static readonly className = 42;
  apply(x: Tensor): Scalar {
    return sum(x);
  }
}

describe('a plugin class', () => {
  it('fits Regularizer and RegularizerClass, and registers', () => {
    expectTypeOf(new Strength()).toExtend<Regularizer>();
    expectTypeOf(Strength).toExtend<RegularizerClass>();
    expectTypeOf(Strength).toExtend<RegularizerTarget>();
    expectTypeOf(Strength).toExtend<RegularizerIdentifier>();
    expectTypeOf(registerRegularizer).toBeCallableWith(Strength, { package: 'Types' });
    expectTypeOf(getRegularizer(new Strength())).toEqualTypeOf<Regularizer | null>();
  });

  it('fits without a base class, a config or a className', () => {
    expectTypeOf(new Bare()).toExtend<Regularizer>();
    expectTypeOf(Bare).toExtend<RegularizerClass>();
  });

  it('fits with any constructor, when fromConfig rebuilds it', () => {
    expectTypeOf(new Positional(0.1, 0)).toExtend<Regularizer>();
    expectTypeOf(Positional).toExtend<RegularizerClass>();
  });

  it('does not fit without apply, or when apply gives no scalar tensor', () => {
    expectTypeOf(new NoApply()).not.toExtend<Regularizer>();
    expectTypeOf(NoApply).not.toExtend<RegularizerClass>();
    expectTypeOf(new ReturnsNumber()).not.toExtend<Regularizer>();
    expectTypeOf(new ReturnsTensor()).not.toExtend<Regularizer>();
    expectTypeOf(ReturnsTensor).not.toExtend<RegularizerTarget>();
    // @ts-expect-error: a class whose instances have no apply is not a regularizer
    registerRegularizer(NoApply);
    // @ts-expect-error: apply must return a scalar tensor
    registerRegularizer(ReturnsNumber);
  });

  it('does not fit when its config cannot be saved as JSON', () => {
    expectTypeOf(new UnsavableConfig()).not.toExtend<Regularizer>();
  });

  it('does not fit with a className that is not a string', () => {
    expectTypeOf(NumericClassName).not.toExtend<RegularizerClass>();
  });

  it('is checked where it says it implements Regularizer', () => {
    class Wrong implements Regularizer {
      // @ts-expect-error: apply returns a number, not a Scalar
      apply(x: Tensor): number {
        return x.size;
      }
    }
    expectTypeOf(Wrong).not.toExtend<RegularizerClass>();
  });
});
