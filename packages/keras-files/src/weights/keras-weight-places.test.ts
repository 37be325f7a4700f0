import { describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import '@regularizers/custom-examples';
import { modelFromKerasJSON } from '@regularizers/tfjs-adapter';
import type { JsonValue } from '@regularizers/core';
import { readKerasArchive } from '../archive/read-keras-archive.js';
import { EXPECTED, fixtureBytes } from '../test-fixtures.js';
import { kerasWeightPlaces } from './bind-keras-weights.js';
import { kerasSnakeCase } from './keras-snake-case.js';
import { shapeOf } from './weight-binding.js';
import { kerasLayerLayout } from './weight-layout.js';

// Where Keras 3.15 put each weight is recorded in expected.json (from the files it wrote); the
// places computed from config.json alone, the way Keras computes them, must be exactly those.

describe('kerasSnakeCase', () => {
  it("names classes as Keras's to_snake_case does", () => {
    // Values printed by keras.src.utils.naming.to_snake_case in Keras 3.15.1.
    const names: Record<string, string> = {
      Dense: 'dense',
      Conv2D: 'conv2d',
      Conv2DTranspose: 'conv2d_transpose',
      DepthwiseConv2D: 'depthwise_conv2d',
      SeparableConv2D: 'separable_conv2d',
      BatchNormalization: 'batch_normalization',
      PReLU: 'p_re_lu',
      LSTM: 'lstm',
      SimpleRNN: 'simple_rnn',
      ConvLSTM2D: 'conv_lstm2d',
      Functional: 'functional',
      'My Layer!': 'my_layer',
    };
    for (const [className, snake] of Object.entries(names)) {
      expect(kerasSnakeCase(className), className).toBe(snake);
    }
  });
});

describe('kerasLayerLayout', () => {
  // Keras 3.15 leaves out the variables a flag turns off; tfjs 4.22 cannot train these
  // normalizations (it reads the missing gamma or beta), so no fixture has them, and these were
  // checked by hand against files Keras wrote.
  it.each([
    ['BatchNormalization', { scale: false }, ['beta', 'moving_mean', 'moving_variance']],
    ['BatchNormalization', { center: false }, ['gamma', 'moving_mean', 'moving_variance']],
    ['LayerNormalization', { center: false }, ['gamma']],
    ['LayerNormalization', { scale: false }, ['beta']],
    ['Dense', { use_bias: false }, ['kernel']],
    ['LSTM', { use_bias: false }, ['kernel', 'recurrent_kernel']],
  ])('%s with %j saves %j', (className, config, names) => {
    expect(kerasLayerLayout(className, config)?.groups.flatMap((group) => group.names)).toEqual(
      names,
    );
  });

  it("knows no layout for a custom class, whose variables follow Keras's default rule", () => {
    expect(kerasLayerLayout('MyLayer', {})).toBeUndefined();
  });
});

const ARCHIVES = Object.entries(EXPECTED).filter(([file]) => file.endsWith('.keras'));

describe.each(ARCHIVES)('%s', (file, expected) => {
  it('places every weight where Keras put it, with its shape', async () => {
    const config = JSON.parse(readKerasArchive(fixtureBytes(file), 2 ** 31).config) as JsonValue;
    const model = await modelFromKerasJSON(config);
    const { bindings } = kerasWeightPlaces(config, model);
    const places = bindings.map(({ path, variable }) => ({ path, shape: shapeOf(variable) }));
    const recorded = expected.weights.map(({ path, shape }) => ({ path, shape }));
    expect(sortByPath(places)).toEqual(sortByPath(recorded));
    // The weight bound to each place is the Keras variable recorded there.
    for (const { path, variable } of bindings) {
      const keras = expected.weights.find((weight) => weight.path === path)?.variable ?? '';
      const [kerasName, name] = [keras.split('/').pop(), variable.originalName.split('/').pop()];
      // Keras 3 calls DepthwiseConv2D's kernel "kernel", tfjs "depthwise_kernel".
      expect(
        name === kerasName || (name === 'depthwise_kernel' && kerasName === 'kernel'),
        path,
      ).toBe(true);
    }
    model.dispose();
  });
});

function sortByPath<T extends { path: string }>(items: T[]): T[] {
  return [...items].sort((first, second) => first.path.localeCompare(second.path));
}
