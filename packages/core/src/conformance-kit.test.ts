import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {
  checkDeterministic,
  checkFiniteGradient,
  checkFiniteScalar,
  checkNoLeaks,
  checkRebuild,
  checkRegularizer,
  checkSerializationRoundTrip,
} from './testing.js';
import { RegularizerRegistry } from './registry.js';
import { ConformanceError, SerializationError } from './errors/index.js';
import { Strength, my_regularizer } from './test-plugins.js';

let registry: RegularizerRegistry;
beforeEach(() => {
  registry = new RegularizerRegistry();
  registry.register(Strength, { package: 'Sample' });
  registry.register(my_regularizer, { package: 'Sample' });
});

/** A function with an analytic gradient, so no tfjs gradient registration is needed. */
const withGradient = (value: (x: tf.Tensor) => tf.Tensor, gradient: (x: tf.Tensor) => tf.Tensor) =>
  tf.customGrad((...inputs) => {
    const x = inputs[0] as tf.Tensor;
    return { value: value(x), gradFunc: (dy: tf.Tensor) => tf.mul(dy, gradient(x)) };
  });

describe('a conforming plugin', () => {
  it('passes every check, as a class and as a function', () => {
    const tensorsBefore = tf.memory().numTensors;
    checkRegularizer(new Strength({ strength: 0.3 }), { registry });
    checkRegularizer(my_regularizer, { registry });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});

describe('each check catches its failure', () => {
  it('a penalty that is not a scalar', () => {
    expect(() => checkFiniteScalar((x) => tf.abs(x))).toThrow(
      /an anonymous regularizer failed "returns a finite float32 scalar" on an input of shape \[0\]: it returned a tensor of shape \[0\]/,
    );
  });

  it('a penalty of the wrong dtype', () => {
    expect(() =>
      checkFiniteScalar(function counts(x) {
        return tf.sum(tf.cast(x, 'int32'));
      }),
    ).toThrow(
      /counts failed "returns a finite float32 scalar" on an input of shape \[\]: it returned dtype int32/,
    );
  });

  it('a penalty that is not finite', () => {
    expect(() =>
      checkFiniteScalar(
        function divides(x) {
          return tf.div(tf.sum(x), 0);
        },
        { shapes: [[3]] },
      ),
    ).toThrow(
      /divides failed "returns a finite float32 scalar" on an input of shape \[3\]: it returned -?Infinity/,
    );
  });

  it('a penalty that leaks', () => {
    const leaked: tf.Tensor[] = [];
    const leaky = {
      apply(x: tf.Tensor): tf.Scalar {
        leaked.push(tf.mul(x, 1));
        return tf.sum(x);
      },
    };
    const tensorsBefore = tf.memory().numTensors;
    expect(() => checkNoLeaks(leaky)).not.toThrow(); // computePenalty's tidy cleans up after it
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    const keep = {
      apply(x: tf.Tensor): tf.Scalar {
        leaked.push(tf.keep(tf.mul(x, 1)));
        return tf.sum(x);
      },
    };
    expect(() => checkNoLeaks(keep)).toThrow(
      /failed "leaks no tensor" on an input of shape \[\]: 1 tensor\(s\) were left behind/,
    );
    tf.dispose(leaked);
  });

  it('a penalty that changes between calls', () => {
    let calls = 0;
    expect(() =>
      checkDeterministic(function drifting(x) {
        calls += 1;
        return tf.add(tf.sum(x), calls);
      }),
    ).toThrow(
      /drifting failed "gives the same result twice" on an input of shape \[\]: it gave 2\.\d+, then 3\.\d+/,
    );
  });

  it('a getConfig that does not give back the constructor arguments', () => {
    class Forgetful extends Strength {
      static override readonly className = 'Forgetful';
      override getConfig() {
        return { strength: this.strength + 1 };
      }
    }
    registry.register(Forgetful);
    expect(() => checkSerializationRoundTrip(new Forgetful({ strength: 1 }), { registry })).toThrow(
      /Forgetful failed "survives a serialization round trip": it was written as \{"className":"Forgetful","config":\{"strength":2\}\}, but after loading it back it was written as \{"className":"Forgetful","config":\{"strength":3\}\}/,
    );
  });

  it('a config that rebuilds a different penalty', () => {
    class Unsaved extends Strength {
      static override readonly className = 'Unsaved';
      override getConfig() {
        return {};
      }
    }
    registry.register(Unsaved);
    expect(() => checkRebuild(new Unsaved({ strength: 2 }), { registry, shapes: [[2]] })).toThrow(
      /Unsaved failed "rebuilds from its config with the same penalty" on an input of shape \[2\]: the original gave [\d.]+, the rebuilt one [\d.]+/,
    );
  });

  it('an unregistered plugin, as the ConformanceError of the check, with the cause', () => {
    class Unregistered extends Strength {
      static override readonly className = 'Unregistered';
    }
    const regularizer = new Unregistered({ strength: 1 });
    for (const [check, name] of [
      [checkSerializationRoundTrip, 'survives a serialization round trip'],
      [checkRebuild, 'rebuilds from its config with the same penalty'],
      [checkRegularizer, 'survives a serialization round trip'],
    ] as const) {
      let caught: unknown;
      try {
        check(regularizer, { registry });
      } catch (error) {
        caught = error;
      }
      expect(ConformanceError.isInstance(caught)).toBe(true);
      expect((caught as Error).message).toMatch(
        new RegExp(`^Unregistered failed "${name}": .*is not registered`),
      );
      expect(SerializationError.isInstance((caught as Error).cause)).toBe(true);
    }
  });

  it("a gradient that tfjs cannot compute, with a hint for Node and tfjs's error as the cause", () => {
    const plain = function plain(x: tf.Tensor) {
      return tf.sum(tf.square(x));
    };
    expect(() => checkFiniteGradient(plain)).toThrow(
      /plain failed "has a finite gradient" on an input of shape \[\]: tf.grad threw: Cannot compute gradient: gradient function not found for \w+\. tfjs-core registers no gradients by itself \(in Node, without tfjs-layers\): import '@tensorflow\/tfjs-layers' \(or '@tensorflow\/tfjs'\) once/,
    );
    let caught: unknown;
    try {
      checkFiniteGradient(plain);
    } catch (error) {
      caught = error;
    }
    expect(ConformanceError.isInstance(caught)).toBe(true);
    expect((caught as Error).cause).toBeInstanceOf(Error);
    expect(((caught as Error).cause as Error).message).toMatch(/gradient function not found/);
  });

  it('an op with no gradient in tfjs, where tfjs registered its gradients, without the import hint', () => {
    // As @tensorflow/tfjs-layers does, for the kernels that stand for tfjs's set of gradients and
    // those the penalty passes through; backprop stops at LessEqual, which has none in tfjs.
    const kernels = [tf.Multiply, tf.Sum, tf.Cast];
    const passThrough: tf.GradConfig['gradFunc'] = (dy, saved) => ({
      x: () => tf.mul(dy as tf.Tensor, tf.onesLike(saved[0] as tf.Tensor)),
    });
    for (const kernelName of kernels) {
      tf.registerGradient({ kernelName, inputsToSave: ['x'], gradFunc: passThrough });
    }
    try {
      const stepped = (x: tf.Tensor) => tf.sum(tf.cast(tf.lessEqual(x, 0), 'float32'));
      expect(() => checkFiniteGradient(stepped, { shapes: [[2]] })).toThrow(
        /tf.grad threw: Cannot compute gradient: gradient function not found for LessEqual\. tfjs has no gradient for LessEqual, whatever is imported: compute the penalty without that op, or give it its own gradient with tf.customGrad\.$/,
      );
    } finally {
      for (const kernelName of kernels) tf.unregisterGradient(kernelName);
    }
  });

  it('a gradient that is not finite', () => {
    const bad = withGradient(
      (x) => tf.sum(x),
      (x) => tf.div(tf.onesLike(x), 0),
    );
    expect(() => checkFiniteGradient((x) => bad(x), { shapes: [[2]] })).toThrow(
      /failed "has a finite gradient" on an input of shape \[2\]: element 0 of the gradient is Infinity/,
    );
  });

  it('throws ConformanceError, recognisable across copies', () => {
    try {
      checkFiniteScalar(() => tf.ones([2]));
    } catch (error) {
      expect(ConformanceError.isInstance(error)).toBe(true);
    }
    expect.assertions(1);
  });
});
