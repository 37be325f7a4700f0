import { deserializeRegularizer } from '@regularizers/core';
import type { RegisteredRegularizer, Regularizer, RegularizerConfig } from '@regularizers/core';
import { l1l2 } from '@regularizers/builtin';
import { serialization } from '@tensorflow/tfjs-core';
import { restoreConfig, toTfjsClassName } from './model-json/case-conversion-codec.js';
import { registeredTfjsClass, removeTfjsClass } from './tfjs-internals.js';
import type { TfjsClass } from './tfjs-internals.js';
import { RegularizerBridge } from './tfjs-regularizer.js';
import type { TfjsRegularizer } from './tfjs-regularizer.js';

/** Marks the tfjs classes this adapter registered, so it replaces its own but no one else's. */
const adapterClass = Symbol.for('@regularizers/tfjs-adapter.loaderClass');

/**
 * Names whose meaning in tfjs differs from ours, built tfjs's way when tfjs loads them: in tfjs
 * layers, `'l1l2'` and `{ className: 'L1L2', config: {} }` mean 0.01 and 0.01, and keep meaning it.
 */
const TFJS_MEANINGS: ReadonlyMap<string, (config: RegularizerConfig) => Regularizer> = new Map([
  ['L1L2', (config: RegularizerConfig) => l1l2(config)],
]);

/** tfjs's own classes that the adapter replaced (tfjs's `L1L2`), to give back on unregistering. */
const replacedTfjsClasses = new Map<string, TfjsClass>();

/**
 * Makes a registered regularizer loadable by tfjs itself (`tf.models.modelFromJSON`,
 * `tf.loadLayersModel`, string identifiers in stock layers), by registering a tfjs class under each
 * of its names. A name that tfjs already uses for something else (a layer, an initializer) is left
 * to tfjs; our layers still load it. The adapter calls this for every entry of the default
 * registry, including those registered after the adapter was imported.
 */
export function registerWithTfjs(entry: RegisteredRegularizer): void {
  for (const name of [entry.name, ...entry.aliases]) {
    const className = toTfjsClassName(name);
    const holder = registeredTfjsClass(className);
    const tfjsOwnsName =
      holder !== undefined && !(adapterClass in holder) && !TFJS_MEANINGS.has(name);
    if (tfjsOwnsName) continue;
    if (holder !== undefined && !(adapterClass in holder))
      replacedTfjsClasses.set(className, holder);
    const build =
      TFJS_MEANINGS.get(name) ??
      ((config: RegularizerConfig) => deserializeRegularizer({ className: name, config }));
    serialization.registerClass(loaderClass(className, build));
  }
}

/**
 * Undoes {@link registerWithTfjs} for a name that stopped resolving in the default registry: tfjs
 * no longer finds the adapter's class under it, and finds its own class again where the adapter
 * had replaced one (`L1L2`). Classes that others registered under the name are left alone.
 */
export function unregisterFromTfjs(name: string): void {
  const className = toTfjsClassName(name);
  const holder = registeredTfjsClass(className);
  if (holder === undefined || !(adapterClass in holder)) return;
  const replaced = replacedTfjsClasses.get(className);
  if (replaced === undefined) removeTfjsClass(className, holder);
  else serialization.registerClass(replaced);
}

function loaderClass(className: string, build: (config: RegularizerConfig) => Regularizer) {
  return class extends RegularizerBridge {
    static override readonly className = className;
    static readonly [adapterClass] = true;

    /** tfjs injects a `customObjects` key into every config it loads; it is not ours. */
    static fromConfig(_cls: unknown, config: serialization.ConfigDict): TfjsRegularizer {
      const { customObjects: _injected, ...own } = config;
      return new RegularizerBridge(build(restoreConfig(own) as RegularizerConfig));
    }
  };
}
