/* tfjs-layers 4.22: layers/recurrent.ts, layers/convolutional_recurrent.ts, layers/wrappers.ts */
import { convLength, only } from './conv-shape-rules.js';
import { LayerConfigReader, Unsizable, knownDim } from './layer-config-reader.js';
import type { Dim, Shape } from './layer-config-reader.js';
import type { ShapeRule, WeightShape } from './shape-rule.js';

// The shape rules of tfjs's recurrent layers (their cells' weights, and a stateful layer's states,
// which are allocated when it is built, as weights are) and of Bidirectional.

/** Gates per cell kind: each multiplies the width of the kernels and the bias. */
const GATES: ReadonlyMap<string, number> = new Map([
  ['SimpleRNN', 1],
  ['SimpleRNNCell', 1],
  ['GRU', 3],
  ['GRUCell', 3],
  ['LSTM', 4],
  ['LSTMCell', 4],
]);

/** A cell: its weights for an input of `inputDim` features, and its state sizes. */
interface CellSize {
  readonly weights: WeightShape[];
  readonly units: number;
  readonly states: number[];
}

function cellSize(kind: string, cell: LayerConfigReader, inputDim: number): CellSize {
  const gates = GATES.get(kind);
  if (gates === undefined) throw new Unsizable(`its cell is a ${kind}, which has no shape rule`);
  const units = cell.count('units');
  const width = gates * units;
  const weights: WeightShape[] = [
    { name: 'kernel', shape: [inputDim, width] },
    { name: 'recurrent_kernel', shape: [units, width] },
  ];
  // Keras's GRU with reset_after keeps an input bias and a recurrent bias.
  const resetAfter = gates === 3 && cell.flag('reset_after', false);
  if (cell.flag('use_bias', true)) {
    weights.push({ name: 'bias', shape: resetAfter ? [2, width] : [width] });
  }
  return { weights, units, states: gates === 4 ? [units, units] : [units] };
}

/** The cells of a layer: its own config for LSTM, GRU and SimpleRNN; `cell` for a plain RNN. */
function cellsOf(className: string, layer: LayerConfigReader): Array<[string, LayerConfigReader]> {
  if (className !== 'RNN') return [[className, layer]];
  const cell = layer.raw('cell');
  const list = Array.isArray(cell) ? cell : [cell];
  return list.flatMap((item): Array<[string, LayerConfigReader]> => {
    const nested = new LayerConfigReader({ cell: item }).nested('cell');
    if (nested === undefined) throw new Unsizable('its cell is not a { class_name, config }');
    if (nested.className !== 'StackedRNNCells') return [[nested.className, nested.reader]];
    return cellsOf('RNN', new LayerConfigReader({ cell: nested.reader.raw('cells') }));
  });
}

/** A recurrent layer of stacked cells, as tfjs builds it on a [batch, steps, features] input. */
function stackedSize(className: string, layer: LayerConfigReader, input: Shape) {
  if (input.length !== 3) throw new Unsizable(`its input has rank ${input.length}, not 3`);
  let inputDim = knownDim(input, -1);
  const cells = cellsOf(className, layer).map(([kind, cell]) => {
    const size = cellSize(kind, cell, inputDim);
    inputDim = size.units;
    return size;
  });
  // tfjs lists the states of stacked cells last cell first.
  const states = [...cells].reverse().flatMap((cell) => cell.states);
  return { weights: cells.flatMap((cell) => cell.weights), units: inputDim, states };
}

/** What a recurrent layer returns: its output, then its states when `return_state`. */
function recurrentOutputs(layer: LayerConfigReader, steps: Shape, output: Shape, states: Shape[]) {
  const sequence = layer.flag('return_sequences', false) ? steps : output;
  return layer.flag('return_state', false) ? [sequence, ...states] : [sequence];
}

/** A stateful layer allocates its states when built, one [batch, …] tensor each. */
function stateWeights(layer: LayerConfigReader, states: Shape[]): WeightShape[] {
  if (!layer.flag('stateful', false)) return [];
  return states.map((shape) => ({ name: 'state', shape: shape.map((dim) => dim ?? 1) }));
}

function recurrent(className: string): ShapeRule {
  return {
    weights: (layer, inputs) => {
      const input = only(inputs);
      const { weights, states } = stackedSize(className, layer, input);
      const stateShapes = states.map((size) => [input[0] ?? null, size]);
      return [...weights, ...stateWeights(layer, stateShapes)];
    },
    outputs: (layer, inputs) => {
      const input = only(inputs);
      const { units, states } = stackedSize(className, layer, input);
      const batch = input[0] ?? null;
      const stateShapes = states.map((size) => [batch, size]);
      return recurrentOutputs(layer, [batch, input[1] ?? null, units], [batch, units], stateShapes);
    },
  };
}

/** ConvLSTM2D on [batch, steps, rows, cols, channels] (or channels first). */
function convLstmSize(layer: LayerConfigReader, input: Shape) {
  if (input.length !== 5) throw new Unsizable(`its input has rank ${input.length}, not 5`);
  const first = layer.channelsFirst();
  const filters = layer.count('filters');
  const kernel = layer.counts('kernel_size', 2);
  const strides = layer.counts('strides', 2, 1);
  const dilation = layer.counts('dilation_rate', 2, 1);
  const padding = layer.string('padding', 'valid');
  const [rows, cols] = [input[first ? 3 : 2] ?? null, input[first ? 4 : 3] ?? null].map(
    (length, axis) =>
      convLength(length, kernel[axis] ?? 1, padding, strides[axis] ?? 1, dilation[axis] ?? 1),
  );
  const step: Dim[] = first
    ? [filters, rows ?? null, cols ?? null]
    : [rows ?? null, cols ?? null, filters];
  const channels = knownDim(input, first ? 2 : -1);
  const weights: WeightShape[] = [
    { name: 'kernel', shape: [...kernel, channels, 4 * filters] },
    { name: 'recurrent_kernel', shape: [...kernel, filters, 4 * filters] },
  ];
  if (layer.flag('use_bias', true)) weights.push({ name: 'bias', shape: [4 * filters] });
  return { weights, step, batch: input[0] ?? null, steps: input[1] ?? null };
}

const convLstm2d: ShapeRule = {
  weights: (layer, inputs) => {
    const { weights, step, batch } = convLstmSize(layer, only(inputs));
    return [
      ...weights,
      ...stateWeights(layer, [
        [batch, ...step],
        [batch, ...step],
      ]),
    ];
  },
  outputs: (layer, inputs) => {
    const { step, batch, steps } = convLstmSize(layer, only(inputs));
    const state = [batch, ...step];
    return recurrentOutputs(layer, [batch, steps, ...step], state, [state, state]);
  },
};

/** The recurrent layer a Bidirectional wraps, with its rule. */
function wrapped(layer: LayerConfigReader): { rule: ShapeRule; reader: LayerConfigReader } {
  const inner = layer.nested('layer');
  const rule = inner === undefined ? undefined : RECURRENT_SHAPE_RULES.get(inner.className);
  if (inner === undefined || rule === undefined) {
    throw new Unsizable('it does not wrap a recurrent layer the budget can size');
  }
  return { rule, reader: inner.reader };
}

/** Two copies of the wrapped layer; their outputs merged (concatenated unless `merge_mode` says). */
const bidirectional: ShapeRule = {
  weights: (layer, inputs) => {
    const { rule, reader } = wrapped(layer);
    const weights = rule.weights?.(reader, inputs) ?? [];
    return ['forward', 'backward'].flatMap((direction) =>
      weights.map(({ name, shape }) => ({ name: `${direction}_${name}`, shape })),
    );
  },
  outputs: (layer, inputs) => {
    const { rule, reader } = wrapped(layer);
    const [output = [], ...states] = rule.outputs(reader, inputs);
    const mode = 'merge_mode' in layer.config ? layer.raw('merge_mode') : 'concat';
    const last = output[output.length - 1] ?? null;
    const merged =
      mode === null
        ? [output, output]
        : [mode === 'concat' ? [...output.slice(0, -1), last === null ? null : 2 * last] : output];
    return [...merged, ...states, ...states];
  },
};

/** The rules of this family, by tfjs class name. */
export const RECURRENT_SHAPE_RULES: ReadonlyMap<string, ShapeRule> = new Map([
  ['SimpleRNN', recurrent('SimpleRNN')],
  ['GRU', recurrent('GRU')],
  ['LSTM', recurrent('LSTM')],
  ['RNN', recurrent('RNN')],
  ['ConvLSTM2D', convLstm2d],
  ['Bidirectional', bidirectional],
]);
