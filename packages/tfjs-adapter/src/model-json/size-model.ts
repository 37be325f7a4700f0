import type { JsonValue } from '@regularizers/core';
import { isJsonObject, isModelClass } from './json-object.js';
import type { JsonObject } from './json-object.js';
import { LayerConfigReader, Unsizable } from './layer-config-reader.js';
import type { Shape } from './layer-config-reader.js';
import type { WeightShape } from './shape-rule.js';
import { shapeRuleOf } from './shape-rules.js';

/** A shape the budget cannot compute, with the reason, for the message of a layer it feeds. */
interface Unknown {
  readonly unknown: string;
}
type Inferred = Shape | Unknown;

/** A layer whose weights were sized: what tfjs will allocate when it builds the layer. */
export interface SizedLayer {
  /** The layer, for messages: `layer "dense" in model "inner"`. */
  readonly where: string;
  readonly weights: readonly WeightShape[];
}

/** A layer with weights whose size cannot be computed from the file, and why. */
export interface UnsizedLayer {
  readonly where: string;
  readonly reason: string;
}

/** What building a model allocates, layer by layer, as far as the file says. */
export interface ModelSize {
  readonly layers: SizedLayer[];
  /** Layers with weights that depend on a shape the budget cannot compute (after a custom layer). */
  readonly unsized: UnsizedLayer[];
  /**
   * Layers whose weights or outputs cannot be computed from their known inputs and config: a size
   * that is not a whole number, an axis outside the input, a rank the layer does not take. tfjs
   * would fail on them, or make shapes of whatever the file says.
   */
  readonly invalid: UnsizedLayer[];
}

/** A layer of a model config, with what messages call it. */
interface LayerEntry {
  readonly layer: JsonObject;
  readonly className: string;
  readonly name: string | undefined;
  readonly where: string;
}

/**
 * What tfjs allocates when it builds a model topology (the normalized Keras 2 form), computed
 * from the config alone: the shape of every tensor, through the Sequential or functional graph
 * and nested models, and from it the weights each layer creates when it is built (with the
 * states of a stateful recurrent layer). Each layer class is sized by its shape rule
 * (`shape-rules.ts`). A custom layer's own weights are not counted (its code decides them), and
 * a layer whose weights depend on a shape that cannot be computed (after such a layer, or from a
 * config value tfjs would not read as a size) is reported as unsized.
 *
 * The graph is walked with an explicit stack. A nested model is built once, where tfjs builds it,
 * and each distinct call of it is computed once.
 */
export function sizeModel(topology: JsonObject): ModelSize {
  const size: ModelSize = { layers: [], unsized: [], invalid: [] };
  const className = typeof topology.class_name === 'string' ? topology.class_name : 'Model';
  new ModelSizer(size, new Map()).run(className, topology.config ?? null, 'the model', '');
  return size;
}

class ModelSizer {
  constructor(
    readonly size: ModelSize,
    /** A nested model's outputs by the shapes of a call, shared by every sizer of one file. */
    readonly calls: Map<JsonValue, Map<string, Inferred[]>>,
  ) {}

  /**
   * A model's outputs: built from its own input shapes (recording its weights) when `inputs` is
   * undefined, else called on `inputs`.
   */
  run(
    className: string,
    config: JsonValue,
    model: string,
    scope: string,
    inputs?: Inferred[],
  ): Inferred[] {
    const object = isJsonObject(config) ? config : {};
    const layers = (Array.isArray(object.layers) ? object.layers : [])
      .filter(isJsonObject)
      .map((layer, index): LayerEntry => {
        const layerConfig = isJsonObject(layer.config ?? null) ? (layer.config as JsonObject) : {};
        const raw = className === 'Sequential' ? layerConfig.name : layer.name;
        const name = typeof raw === 'string' ? raw : undefined;
        const label = name === undefined ? `#${index}` : `"${name}"`;
        const kind = typeof layer.class_name === 'string' ? layer.class_name : '';
        return { layer, className: kind, name, where: `layer ${label}${scope}` };
      });
    return className === 'Sequential'
      ? this.#sequential(layers, inputs)
      : this.#functional(object, layers, model, inputs);
  }

  /** A nested model's outputs for a call (or its own outputs), computed once per input shapes. */
  #call(className: string, config: JsonValue, inputs: Inferred[] | undefined): Inferred[] {
    const key = inputs === undefined ? 'own' : JSON.stringify(inputs);
    let calls = this.calls.get(config);
    if (calls === undefined) {
      calls = new Map<string, Inferred[]>();
      this.calls.set(config, calls);
    }
    let outputs = calls.get(key);
    if (outputs === undefined) {
      const sizer = new ModelSizer({ layers: [], unsized: [], invalid: [] }, this.calls);
      outputs = sizer.run(className, config, 'a nested model', '', inputs ?? undefined);
      calls.set(key, outputs);
    }
    return outputs;
  }

  /** A Sequential: each layer on the previous one's output, from the first layer's input shape. */
  #sequential(layers: LayerEntry[], inputs: Inferred[] | undefined): Inferred[] {
    const builds = inputs === undefined;
    let shape: Inferred | undefined = inputs?.[0] ?? declaredInput(layers[0]?.layer);
    layers.forEach((entry, index) => {
      if (index === 0 && entry.className === 'InputLayer') return;
      if (index === 0 && shape === undefined && isModelClass(entry.className)) {
        [shape] = this.#layer(entry, undefined, builds);
      } else if (shape !== undefined) {
        // (Without an input shape, tfjs refuses the Sequential before it builds anything.)
        [shape = unknown(`${entry.where} has no output`)] = this.#layer(entry, [shape], builds);
      }
    });
    return shape === undefined ? [] : [shape];
  }

  /** A functional model: each call of each layer, once the calls it reads are computed. */
  #functional(
    config: JsonObject,
    layers: LayerEntry[],
    model: string,
    inputs: Inferred[] | undefined,
  ): Inferred[] {
    const byName = new Map(layers.map((entry) => [entry.name, entry]));
    const inputNames = references(config.input_layers ?? null).map(([name]) => name);
    /** tfjs creates node 0 itself for an InputLayer and for a nested model. */
    const ownNodes = (entry: LayerEntry) =>
      isModelClass(entry.className) || entry.className === 'InputLayer' ? 1 : 0;
    const argumentsOf = (entry: LayerEntry, node: number) => {
      const inbound = Array.isArray(entry.layer.inbound_nodes) ? entry.layer.inbound_nodes : [];
      return node < ownNodes(entry) ? [] : references(inbound[node - ownNodes(entry)] ?? null);
    };
    const outputs = new Map<string, Inferred[]>();
    const read = ([name, node, tensor]: Reference): Inferred | undefined =>
      outputs.get(`${name}#${node}`)?.[tensor];

    const evaluate = (entry: LayerEntry, node: number): Inferred[] => {
      if (entry.className === 'InputLayer') {
        const given = inputs?.[inputNames.indexOf(entry.name ?? '')];
        return [given ?? declaredInput(entry.layer) ?? unknown(`${entry.where} has no shape`)];
      }
      if (node < ownNodes(entry)) return this.#layer(entry, undefined, inputs === undefined);
      const args = argumentsOf(entry, node).map(
        (ref) => read(ref) ?? unknown(`${entry.where} reads a tensor that does not exist`),
      );
      return this.#layer(entry, args, inputs === undefined && node === 0);
    };

    const stack: Array<[LayerEntry, number]> = [];
    for (const entry of [...layers].reverse()) {
      const calls = Array.isArray(entry.layer.inbound_nodes) ? entry.layer.inbound_nodes.length : 0;
      for (let node = ownNodes(entry) + calls - 1; node >= 0; node--) stack.push([entry, node]);
    }
    const expanded = new Set<string>();
    for (let top = stack.at(-1); top !== undefined; top = stack.at(-1)) {
      const [entry, node] = top;
      const key = `${entry.name}#${node}`;
      const missing = argumentsOf(entry, node).filter((ref) => read(ref) === undefined);
      if (outputs.has(key)) {
        stack.pop();
      } else if (missing.length > 0 && !expanded.has(key)) {
        expanded.add(key);
        for (const [name, from] of missing) {
          const source = byName.get(name);
          if (source !== undefined) stack.push([source, from]);
        }
      } else {
        stack.pop();
        const circular = missing.length > 0;
        outputs.set(
          key,
          circular ? [unknown(`${entry.where} depends on itself`)] : evaluate(entry, node),
        );
      }
    }
    return references(config.output_layers ?? null).map(
      (ref) => read(ref) ?? unknown(`an output of ${model} does not exist`),
    );
  }

  /**
   * One call of a layer on `inputs` (`undefined`: a nested model's own node): records its weights
   * when this is where tfjs builds it, and returns its outputs.
   */
  #layer(entry: LayerEntry, inputs: Inferred[] | undefined, builds: boolean): Inferred[] {
    const { className, where } = entry;
    const config = entry.layer.config ?? null;
    if (isModelClass(className)) {
      const label = entry.name === undefined ? where : `"${entry.name}"`;
      const own = builds
        ? this.run(className, config, `model ${label}`, ` in model ${label}`)
        : undefined;
      return inputs === undefined
        ? (own ?? this.#call(className, config, undefined))
        : this.#call(className, config, inputs);
    }
    const rule = shapeRuleOf(className);
    if (rule === undefined) {
      return [
        unknown(`${where} (${className}) is a class whose output shape the budget cannot compute`),
      ];
    }
    const reader = new LayerConfigReader(isJsonObject(config) ? config : {});
    const cause = (inputs ?? []).find((input): input is Unknown => 'unknown' in input);
    const shapes = (inputs ?? []).map((input) => ('unknown' in input ? [] : input));
    if (builds && rule.weights !== undefined) {
      try {
        const weights = rule.weights(reader, shapes);
        const bad = weights.find(
          ({ shape }) => !shape.every((dim) => Number.isSafeInteger(dim) && dim >= 0),
        );
        if (bad !== undefined)
          throw new Unsizable(`its ${bad.name} would be [${bad.shape.join(', ')}]`);
        this.size.layers.push({ where, weights });
      } catch (error) {
        if (!(error instanceof Unsizable)) throw error;
        if (cause === undefined) this.size.invalid.push({ where, reason: error.message });
        else this.size.unsized.push({ where, reason: `its input is unknown: ${cause.unknown}` });
      }
    }
    if (cause !== undefined) return [cause];
    try {
      return rule.outputs(reader, shapes);
    } catch (error) {
      if (!(error instanceof Unsizable)) throw error;
      if (builds) this.size.invalid.push({ where, reason: error.message });
      return [unknown(`the output of ${where} cannot be computed: ${error.message}`)];
    }
  }
}

type Reference = [name: string, node: number, tensor: number];

function unknown(reason: string): Unknown {
  return { unknown: reason };
}

/** The input shape a layer declares (`batch_input_shape`, or `input_shape` and `batch_size`). */
function declaredInput(layer: JsonObject | undefined): Shape | undefined {
  const config = isJsonObject(layer?.config ?? null) ? (layer?.config as JsonObject) : {};
  const batchShape = config.batch_input_shape ?? null;
  const inputShape = config.input_shape ?? null;
  const shape = Array.isArray(batchShape)
    ? batchShape
    : Array.isArray(inputShape)
      ? [config.batch_size ?? null, ...inputShape]
      : undefined;
  // A size tfjs would not read as one (a string) is unknown: the layers that need it are unsized.
  return shape?.map((dim) => (typeof dim === 'number' ? dim : null));
}

/** The `[layer, node, tensor, …]` references of a node, or of `input_layers`/`output_layers`. */
function references(value: JsonValue): Reference[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((ref): Reference[] =>
    Array.isArray(ref) &&
    typeof ref[0] === 'string' &&
    typeof ref[1] === 'number' &&
    typeof ref[2] === 'number'
      ? [[ref[0], ref[1], ref[2]]]
      : [],
  );
}
