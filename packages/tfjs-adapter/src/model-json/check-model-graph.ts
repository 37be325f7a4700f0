import { describeValue } from '@regularizers/core';
import type { JsonValue } from '@regularizers/core';
import { isJsonObject } from './json-object.js';
import type { JsonObject } from './json-object.js';
import { capitalize } from './message-text.js';
import { ModelJsonError } from './model-json-error.js';

/** One layer of a functional model, as a node of the graph its `inbound_nodes` describe. */
export interface GraphLayer {
  readonly name: string;
  /** How many tensors each call returns, when known (see `outputCount`). */
  readonly outputs: number | undefined;
  /** The layer, for messages: `layer "d" in model "inner"`. */
  readonly where: string;
  /** tfjs creates node 0 itself for an `InputLayer` and for a nested model. */
  readonly ownNodes: number;
  readonly inboundNodes: JsonValue[];
}

/** A functional model's connections, as the walk of its topology found them. */
export interface ModelGraph {
  /** The model, for messages: `the model`, `model "inner"`. */
  readonly model: string;
  /** Its config, which holds `input_layers` and `output_layers`. */
  readonly config: JsonObject;
  readonly layers: readonly GraphLayer[];
}

/**
 * Checks a functional model's connections: every reference in `inbound_nodes`, `input_layers` and
 * `output_layers` names a layer of this model and a call of it that exists, no call depends on
 * itself, and every call is one that an output depends on. tfjs would otherwise wait forever for
 * a call that never comes, or make a call that its model's `dispose()` never accounts for (Keras
 * writes only the calls its outputs depend on).
 *
 * @throws {@link ModelJsonError} naming the reference, the layer and the model.
 */
export function checkModelGraph({ model, config, layers }: ModelGraph): void {
  const byName = new Map(layers.map((layer) => [layer.name, layer]));
  const nodeCount = (layer: GraphLayer): number => layer.ownNodes + layer.inboundNodes.length;
  /** Validates one `[layer, node, tensor, kwargs?]` reference and returns its node key. */
  const reference = (ref: JsonValue, whose: string): string => {
    if (
      !Array.isArray(ref) ||
      typeof ref[0] !== 'string' ||
      !isIndex(ref[1]) ||
      !isIndex(ref[2]) ||
      !(ref[3] === undefined || ref[3] === null || isJsonObject(ref[3]))
    ) {
      throw new ModelJsonError(
        `${capitalize(whose)} has a malformed reference ${describeValue(ref)}: expected [layer name, node index, tensor index, kwargs].`,
      );
    }
    const [name, node] = ref as [string, number];
    const target = byName.get(name);
    if (target === undefined) {
      throw new ModelJsonError(
        `${capitalize(whose)} refers to layer "${name}", which does not exist in ${model}.`,
      );
    }
    if (node >= nodeCount(target)) {
      throw new ModelJsonError(
        `${capitalize(whose)} refers to node ${node} of layer "${name}", which has only ${nodeCount(target)} node(s) in ${model}.`,
      );
    }
    const tensor = ref[2] as number;
    if (target.outputs !== undefined && tensor >= target.outputs) {
      throw new ModelJsonError(
        `${capitalize(whose)} refers to output ${tensor} of layer "${name}", which has ${target.outputs} output(s) in ${model}.`,
      );
    }
    return nodeKey(name, node);
  };

  const dependencies = new Map<string, string[]>();
  for (const layer of layers) {
    for (let own = 0; own < layer.ownNodes; own++) dependencies.set(nodeKey(layer.name, own), []);
    layer.inboundNodes.forEach((node, index) => {
      if (!Array.isArray(node)) {
        throw new ModelJsonError(
          `Inbound node ${index} of ${layer.where} must be a list of [layer, node, tensor, kwargs]. Received: ${describeValue(node)}.`,
        );
      }
      const whose = `inbound node ${index} of ${layer.where}`;
      if (node.length === 0) {
        throw new ModelJsonError(
          `${capitalize(whose)} calls the layer on no input: tfjs would wait forever for its inputs. A call lists the [layer, node, tensor, kwargs] of each input.`,
        );
      }
      dependencies.set(
        nodeKey(layer.name, layer.ownNodes + index),
        node.map((ref) => reference(ref, whose)),
      );
    });
  }
  const outputs: string[] = [];
  for (const key of ['input_layers', 'output_layers']) {
    const list = config[key] ?? null;
    if (!Array.isArray(list)) {
      throw new ModelJsonError(
        `The ${key} of ${model} must be a list of [layer, node, tensor]. Received: ${describeValue(list)}.`,
      );
    }
    for (const ref of list) {
      const node = reference(ref, `the ${key} of ${model}`);
      if (key === 'output_layers') outputs.push(node);
    }
  }
  const cycle = findCycle(dependencies);
  if (cycle !== undefined) {
    const path = cycle.map((key) => `"${key.slice(0, key.lastIndexOf('#'))}"`);
    throw new ModelJsonError(
      `The inbound_nodes of ${model} are circular: layer ${path[0] ?? ''} depends on itself (${path.join(' → ')}). A model's graph must not loop.`,
    );
  }
  const used = dependedOn(outputs, dependencies);
  for (const layer of layers) {
    layer.inboundNodes.forEach((_, index) => {
      if (used.has(nodeKey(layer.name, layer.ownNodes + index))) return;
      throw new ModelJsonError(
        `Inbound node ${index} of ${layer.where} is a call of the layer that no output of ${model} depends on: Keras never writes one, so the file is damaged. Remove the call, or the layer.`,
      );
    });
  }
}

/** The node keys that `outputs` depend on, themselves included, found iteratively. */
function dependedOn(
  outputs: readonly string[],
  dependencies: ReadonlyMap<string, readonly string[]>,
): Set<string> {
  const used = new Set<string>();
  const pending = [...outputs];
  for (let key = pending.pop(); key !== undefined; key = pending.pop()) {
    if (used.has(key)) continue;
    used.add(key);
    pending.push(...(dependencies.get(key) ?? []));
  }
  return used;
}

/** A cycle in the dependency graph, as the node keys along it (first = last), found iteratively. */
function findCycle(dependencies: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'active' | 'done'>();
  for (const start of dependencies.keys()) {
    if (state.has(start)) continue;
    const path: string[] = [start];
    const next: number[] = [0];
    state.set(start, 'active');
    while (path.length > 0) {
      const top = path.length - 1;
      const current = path[top] as string;
      const edges = dependencies.get(current) ?? [];
      const index = next[top] as number;
      if (index >= edges.length) {
        state.set(current, 'done');
        path.pop();
        next.pop();
        continue;
      }
      next[top] = index + 1;
      const target = edges[index] as string;
      const seen = state.get(target);
      if (seen === 'active') return [...path.slice(path.indexOf(target)), target];
      if (seen === undefined) {
        state.set(target, 'active');
        path.push(target);
        next.push(0);
      }
    }
  }
  return undefined;
}

function nodeKey(layer: string, node: number): string {
  return `${layer}#${node}`;
}

function isIndex(value: JsonValue | undefined): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
