import type { LayerConfigReader, Shape } from './layer-config-reader.js';

/** A weight a layer creates when it is built: its name (`kernel`, `bias`, …) and shape. */
export interface WeightShape {
  readonly name: string;
  readonly shape: readonly number[];
}

/**
 * How a tfjs layer class sizes itself, computed from its config and its input shapes as tfjs's
 * `build` and `computeOutputShape` do, before anything is built. A rule throws `Unsizable` for a
 * config value or an input it cannot read.
 */
export interface ShapeRule {
  /** The weights the layer creates when built on `inputs`; none when absent. */
  readonly weights?: (layer: LayerConfigReader, inputs: readonly Shape[]) => WeightShape[];
  /** Its output shapes for `inputs`, one per output tensor. */
  readonly outputs: (layer: LayerConfigReader, inputs: readonly Shape[]) => Shape[];
}
