// The adapter's one door to what tfjs does without documenting it. Every reliance on tfjs-core or
// tfjs-layers beyond their public API is a function here, and nowhere else (the root
// scripts/check-tfjs-internals.js refuses the names of tfjs's private state in any other source
// file). tfjs-internals.test.ts pins each one against the installed tfjs, with one test per
// assumption named after it, so that a tfjs release that changes one fails a test that says which.
// The adapter's peerDependencies name the tfjs versions those tests ran against.
//
// Our model classes also override two protected methods, as subclasses may, and the tests pin how
// tfjs uses them: the training step adds `this.calculateLosses()` to the loss once, inside the
// optimizer's minimize, and fit labels the step's outputs with getDedupedMetricsNames().
import { Conv3DBackpropFilterV2, Tensor, engine, serialization } from '@tensorflow/tfjs-core';
import type { Scalar, Tensor5D } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** A class registered with tfjs's `serialization.registerClass`. */
export type TfjsClass = serialization.SerializableConstructor<serialization.Serializable>;

/** What tfjs-layers' layers accept in a regularizer slot. */
type StockRegularizer = ReturnType<typeof tfl.regularizers.l1l2>;

/**
 * tfjs-layers 4.22's `toSnakeCase` (`utils/generic_utils.ts`, not exported). Saving a model
 * (`toJSON`, `save`) passes every key and every string value of a config through it, except the
 * values of `name` and `className`. The case-conversion codec needs it to know which strings a
 * save would change.
 */
export function tfjsSnakeCase(text: string): string {
  const snake = text
    .replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
  return snake.startsWith('_') ? `private${snake}` : snake;
}

/**
 * tfjs-layers 4.22's `toCamelCase` (`utils/generic_utils.ts`, not exported). Loading a model passes
 * every key and every string value through it, class names included, except the values of `name`.
 * The codec needs it to know which strings a load would change, and the model-file checks to know
 * which class name tfjs will look up (`"glorot_uniform"` is looked up as `"glorotUniform"`).
 */
export function tfjsCamelCase(text: string): string {
  if (text.length <= 1 || !text.includes('_')) return text;
  return text.replace(/[_]+(\w|$)/g, (_, next: string) => next.toUpperCase());
}

/**
 * The class registered with tfjs under exactly `className`, or `undefined`, read from the
 * undocumented map where `serialization.registerClass` keeps classes: to see whether tfjs uses a
 * name, to extend the stock classes tfjs does not export, and to check a model file's names.
 */
export function registeredTfjsClass(className: string): TfjsClass | undefined {
  const classes = serialization.SerializationMap.getMap().classNameMap;
  return Object.hasOwn(classes, className) ? classes[className]?.[0] : undefined;
}

/**
 * Removes the class registered with tfjs under `className`, when it is `registered`, from tfjs's
 * undocumented class map (`serialization` has no way to undo `registerClass`): when a regularizer
 * name stops resolving in `@regularizers/core`, tfjs stops finding the adapter's class for it.
 */
export function removeTfjsClass(className: string, registered: TfjsClass): void {
  const classes = serialization.SerializationMap.getMap().classNameMap;
  if (registeredTfjsClass(className) === registered) Reflect.deleteProperty(classes, className);
}

/**
 * The class tfjs-layers registered under `className`, to be subclassed: tfjs-layers exports
 * factories, not its layer and initializer classes, and the adapter registers its subclass under
 * the same name so that tfjs's loader builds ours. Call it before the adapter registers its own.
 *
 * @throws Error when tfjs registered no class under that name, as a tfjs release could do.
 */
export function stockTfjsClass(className: string): TfjsClass {
  const found = registeredTfjsClass(className);
  if (found === undefined) {
    throw new Error(
      `tfjs-layers has no class ${className} to extend. @regularizers/tfjs-adapter was tested with the tfjs versions its peerDependencies name.`,
    );
  }
  return found;
}

/**
 * Whether tfjs finds a class for a `class_name` as a model file writes it (a layer, a wrapped
 * layer, a dtype policy): tfjs camelCases it on load, then looks it up among registered classes.
 */
export function tfjsLoadsClassName(className: string): boolean {
  return registeredTfjsClass(tfjsCamelCase(className)) !== undefined;
}

/**
 * Whether the class tfjs finds for a layer's `class_name` (see {@link tfjsLoadsClassName}) is a
 * layer. tfjs builds whatever class the name finds, then adds it to the model as a layer: an
 * initializer or a regularizer there (as a damaged file can have it) crashes it.
 */
export function tfjsLoadsLayerClass(className: string): boolean {
  const found = registeredTfjsClass(tfjsCamelCase(className));
  return found !== undefined && found.prototype instanceof tfl.layers.Layer;
}

/**
 * Whether tfjs-layers accepts `name` for a layer: it names each weight `<layer>/<weight>` and
 * refuses a name its unexported rule rejects (a letter or digit, then letters, digits, `-`, `_`,
 * `.` or `/`) deep inside a build, once the weight's initial value exists (stock tfjs leaks it).
 */
export function tfjsAcceptsName(name: string): boolean {
  return /^[A-Za-z0-9][-A-Za-z0-9._/]*$/.test(name);
}

/** What a model file names in an activation, initializer or constraint slot. */
export type IdentifierKind = 'activation' | 'initializer' | 'constraint';

/**
 * The class tfjs finds for a string identifier of a model file (an activation, initializer or
 * constraint, such as `"relu"` or `"glorot_uniform"`), or `undefined`: tfjs camelCases it on load,
 * then finds activations by that name (`"relu"`) and initializers and constraints through private
 * tables that capitalize it (`"glorotUniform"` is `GlorotUniform`). A custom class registered
 * under a capitalized name is found too; tfjs then names it itself if it cannot build it.
 */
export function tfjsIdentifierClass(name: string): TfjsClass | undefined {
  const camel = tfjsCamelCase(name);
  const capitalized = camel.charAt(0).toUpperCase() + camel.slice(1);
  return registeredTfjsClass(camel) ?? registeredTfjsClass(capitalized);
}

/**
 * Whether a class tfjs found for an activation, initializer or constraint slot is of that kind.
 * tfjs builds whatever class the slot names, then uses it as that kind: a model class named as an
 * initializer (as a damaged file can have it) is built as a model from the initializer's config,
 * and tfjs crashes with `undefined is not iterable`. An initializer or a constraint extends tfjs's
 * base class of its kind. An activation extends tfjs's, or is a custom class with an `apply` that
 * is none of the other kinds, nor a layer or a regularizer. The base classes are not exported;
 * they are reached as the parents of stock classes (`zeros`, `nonNeg`, the `linear` activation).
 */
export function isTfjsClassOfKind(tfjsClass: TfjsClass, kind: IdentifierKind): boolean {
  const parentOf = (stock: unknown) => Object.getPrototypeOf(stock) as abstract new () => unknown;
  const bases = {
    initializer: parentOf(tfl.initializers.zeros().constructor),
    constraint: parentOf(tfl.constraints.nonNeg().constructor),
    activation: parentOf(registeredTfjsClass('linear')),
    layer: tfl.layers.Layer,
    regularizer: tfjsRegularizerBase(),
  };
  const extendsBase = (base: abstract new () => unknown) => tfjsClass.prototype instanceof base;
  if (kind !== 'activation' || extendsBase(bases.activation)) return extendsBase(bases[kind]);
  const prototype = tfjsClass.prototype as { apply?: unknown };
  const otherKinds = [bases.initializer, bases.constraint, bases.layer, bases.regularizer];
  return typeof prototype.apply === 'function' && !otherKinds.some(extendsBase);
}

/**
 * tfjs-layers' abstract `Regularizer` class. It is not exported, but tfjs's layers accept only its
 * instances in a regularizer slot (anything else is read as a config), so the adapter's bridge
 * must extend it. It is reached as the parent of the class `tf.regularizers.l1l2()` builds.
 */
export function tfjsRegularizerBase(): abstract new () => StockRegularizer {
  return Object.getPrototypeOf(
    tfl.regularizers.l1l2().constructor,
  ) as abstract new () => StockRegularizer;
}

/** The fields tfjs-layers 4.22 keeps tensors in, on a recurrent layer, its cell, or Bidirectional. */
type RecurrentFields = Partial<
  Record<'states_' | 'keptStates' | 'forwardLayer' | 'backwardLayer', unknown>
> & {
  readonly cell?: { readonly dropoutMask?: unknown; readonly recurrentDropoutMask?: unknown };
};

/**
 * The tensors that tfjs-layers 4.22 keeps on a layer between calls and never frees, not even in
 * `dispose()`: a recurrent cell's dropout masks (`dropoutMask`, `recurrentDropoutMask`, replaced
 * by the next call), a stateful recurrent layer's states (`states_`, and the old ones it keeps
 * while training, `keptStates`), and those of both directions of a `Bidirectional`, whose
 * `dispose()` never reaches them. Our layers dispose them when they are disposed. Empty for any
 * other layer.
 */
export function tensorsKeptBetweenCalls(layer: tfl.layers.Layer): Tensor[] {
  const found: Tensor[] = [];
  const collect = (value: unknown): void => {
    if (value instanceof Tensor) found.push(value as Tensor);
    else if (Array.isArray(value)) value.forEach(collect);
  };
  const layers: unknown[] = [layer];
  for (let index = 0; index < layers.length; index++) {
    const fields = layers[index] as RecurrentFields;
    collect([fields.cell?.dropoutMask, fields.cell?.recurrentDropoutMask]);
    collect([fields.states_, fields.keptStates]);
    for (const inner of [fields.forwardLayer, fields.backwardLayer]) {
      if (typeof inner === 'object' && inner !== null) layers.push(inner);
    }
  }
  return found;
}

/**
 * The layers of a model that its `dispose()` leaves referenced, once per reference left. tfjs-layers
 * 4.22 counts a reference for each call of a layer, and a model's `dispose()` gives each of its
 * layers back one (a nested functional model two):
 * - in a functional model, a layer called k times (a shared layer) keeps k - 1, and so its weights;
 * - `Sequential.add` calls every layer but the first, but `Sequential.dispose()` gives a model
 *   nested after the first layer back only one of its two references.
 * A functional model's calls are the nodes named `<layer>_ib-<index>` in its `containerNodes`.
 * Disposing each of these once more, after the model's last `dispose()`, frees them, and leaves
 * alive a layer that another model also calls.
 */
export function referencesLeftByDispose(model: tfl.LayersModel): tfl.layers.Layer[] {
  if (model instanceof tfl.Sequential) {
    return model.layers.slice(1).filter((layer) => layer instanceof tfl.LayersModel);
  }
  return model.layers.flatMap((layer) => {
    const calls = layer.inboundNodes.filter((_, index) =>
      model.containerNodes.has(`${layer.name}_ib-${index}`),
    ).length;
    return Array<tfl.layers.Layer>(Math.max(calls - 1, 0)).fill(layer);
  });
}

/**
 * Runs `build`; when it fails, disposes every variable created while it ran, then rethrows.
 * tfjs-layers frees nothing when building a model fails part-way, and its variables are reachable
 * only through tfjs-core's engine state (`engine().state`), whose table of live variables by name
 * this reads before and after. Sound only when nothing else creates variables meanwhile, as when
 * tfjs builds a model from a topology without weights (synchronously).
 */
export async function freeVariablesOnFailure<T>(build: () => Promise<T>): Promise<T> {
  const before = new Set(Object.keys(engine().state.registeredVariables));
  try {
    return await build();
  } catch (error) {
    for (const [name, variable] of Object.entries(engine().state.registeredVariables)) {
      if (!before.has(name)) variable.dispose();
    }
    throw error;
  }
}

/** The function a model runs on one batch in evaluation: inputs and targets in, loss and metrics out. */
export type TestStep = (data: Tensor[]) => Scalar[];

/**
 * Makes the models built from `ModelClass` evaluate with `makeTestStep(model)`. tfjs-layers 4.22's
 * `LayersModel` builds the function that `evaluate()`, `evaluateDataset()` and `fit`'s validation
 * run on each batch in its private `makeTestFunction()`, which stores it in the private
 * `testFunction` field where they read it; tfjs offers no public way to change what evaluation
 * computes. This defines `makeTestFunction` on `ModelClass`'s own prototype, which must be a
 * subclass of tfjs's (tfjs's own classes are never touched).
 */
export function overrideTestFunction(
  ModelClass: abstract new (...args: never[]) => tfl.LayersModel,
  makeTestStep: (model: tfl.LayersModel) => TestStep,
): void {
  if ((ModelClass as unknown) === tfl.LayersModel || (ModelClass as unknown) === tfl.Sequential) {
    throw new Error('overrideTestFunction changes subclasses of tfjs models, never tfjs itself.');
  }
  Object.defineProperty(ModelClass.prototype, 'makeTestFunction', {
    value(this: tfl.LayersModel): void {
      (this as unknown as { testFunction: TestStep }).testFunction = makeTestStep(this);
    },
    configurable: true,
    writable: true,
  });
}

/**
 * Replaces the inner model of a tfjs `Sequential`. tfjs-layers 4.22's `Sequential` builds a
 * `LayersModel` over its layers in `build()` and keeps it in the private field `model`, to which
 * `compile`, `fit`, `evaluate`, `predict` and `trainOnBatch` delegate; so a Sequential trains and
 * evaluates as that inner model's class does. Call it from a subclass's `build()`, after tfjs's.
 */
export function setSequentialInnerModel(sequential: tfl.Sequential, inner: tfl.LayersModel): void {
  (sequential as unknown as { model: tfl.LayersModel }).model = inner;
}

/**
 * Replaces the cell of a recurrent layer right after its construction. tfjs-layers 4.22's `RNN`
 * (and `GRU`, `LSTM`, `SimpleRNN`) reads its cell from the `cell` field it sets in its constructor
 * whenever it builds, runs and saves, and its stock `GRU` builds a `GRUCell` there that refuses
 * `resetAfter: true`. The new cell must have the same state size.
 */
export function setRnnCell(rnn: tfl.RNN, cell: tfl.layers.RNNCell): void {
  (rnn as unknown as { cell: tfl.layers.RNNCell }).cell = cell;
}

/**
 * The gradient of `conv3d` with respect to its filter: tfjs-core 4.22's `conv3DBackpropFilter`,
 * which it does not export. It runs the `Conv3DBackpropFilterV2` kernel (registered by every
 * backend) through the engine's `runKernel`, with the inputs and attributes tfjs's own op passes.
 * The gradient of `conv3dTranspose` needs it: a gradient function cannot call `tf.grad` (the
 * engine keeps one tape).
 */
export function conv3dFilterGradient(
  x: Tensor5D,
  dy: Tensor5D,
  filterShape: [number, number, number, number, number],
  strides: [number, number, number] | number,
  pad: 'valid' | 'same',
): Tensor5D {
  return engine().runKernel(Conv3DBackpropFilterV2, { x, dy }, { strides, pad, filterShape });
}
