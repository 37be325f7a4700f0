import fc from 'fast-check';

// Mutations of model files, for the fuzz test: each picks a place in the parsed JSON (by an index
// into the places of its kind, modulo their count) and damages it the way a corrupted, hostile
// or hand-edited file would. Test-only: the build leaves `test-*.ts` files out.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** A place in the tree: the container and the key of a value in it. */
interface Place {
  readonly parent: JsonObject | Json[];
  readonly key: string | number;
}

/** What a mutation does, with the index of its place and the value it writes (when it writes one). */
export type Mutation =
  | { readonly kind: 'class name'; readonly at: number; readonly value: string }
  | { readonly kind: 'copied layer name'; readonly at: number; readonly from: number }
  | { readonly kind: 'renamed layer'; readonly at: number; readonly value: string }
  | { readonly kind: 'number'; readonly at: number; readonly value: Json }
  | { readonly kind: 'value'; readonly at: number; readonly value: Json }
  | { readonly kind: 'deleted key'; readonly at: number }
  | { readonly kind: '__proto__ key'; readonly at: number }
  | { readonly kind: 'duplicated item'; readonly at: number }
  | { readonly kind: 'removed item'; readonly at: number };

const CLASS_NAMES = [
  'Model',
  'Functional',
  'Sequential',
  'InputLayer',
  'Dense',
  'LSTM',
  'Bidirectional',
  'TimeDistributed',
  'Conv2D',
  'Concatenate',
  'BatchNormalization',
  'L2',
  'Orthogonal',
  '__proto__',
  'constructor',
  'has_own_property',
  'NoSuchLayer',
  '',
];
/** Layer names tfjs refuses (it names weights after layers), and one it makes up a name for. */
const LAYER_NAMES = ['dens\x80', 'two words', '_dense', 'a:b', ''];
const NUMBERS: Json[] = [0, -1, 1, 2, 3, 65536, 3e7, 1e9, 2 ** 31, 1.5, -0.5, null, '7', '1e9'];
const VALUES: Json[] = [
  null,
  [],
  {},
  'x',
  0,
  1,
  true,
  [null],
  [[]],
  { class_name: 'Dense', config: {} },
  { class_name: 'Model', config: { layers: [] } },
  ['no_such_layer', 0, 0, {}],
];

/** The arbitrary of one mutation. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('class name' as const),
    at: fc.nat(),
    value: fc.constantFrom(...CLASS_NAMES),
  }),
  fc.record({ kind: fc.constant('copied layer name' as const), at: fc.nat(), from: fc.nat() }),
  fc.record({
    kind: fc.constant('renamed layer' as const),
    at: fc.nat(),
    value: fc.constantFrom(...LAYER_NAMES),
  }),
  fc.record({
    kind: fc.constant('number' as const),
    at: fc.nat(),
    value: fc.constantFrom(...NUMBERS),
  }),
  fc.record({
    kind: fc.constant('value' as const),
    at: fc.nat(),
    value: fc.constantFrom(...VALUES),
  }),
  fc.record({ kind: fc.constant('deleted key' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('__proto__ key' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicated item' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('removed item' as const), at: fc.nat() }),
);

/** Every place in the tree, with an explicit stack. */
function places(root: Json): Place[] {
  const found: Place[] = [];
  const pending: Json[] = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node === null || typeof node !== 'object') continue;
    const keys: Array<string | number> = Array.isArray(node)
      ? node.map((_, index) => index)
      : Object.keys(node);
    for (const key of keys) {
      found.push({ parent: node, key });
      pending.push((node as Record<string | number, Json>)[key] ?? null);
    }
  }
  return found;
}

function valueAt({ parent, key }: Place): Json {
  return (parent as Record<string | number, Json>)[key] ?? null;
}

function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pick<T>(items: readonly T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

/** Applies `mutations` to `root` in place. A mutation with nowhere to apply does nothing. */
export function mutate(root: Json, mutations: readonly Mutation[]): void {
  for (const change of mutations) {
    const all = places(root);
    const layers = all.filter((place) => {
      const value = valueAt(place);
      return isObject(value) && typeof value.class_name === 'string';
    });
    if (change.kind === 'class name') {
      const target = pick(layers, change.at);
      if (target !== undefined) (valueAt(target) as JsonObject).class_name = change.value;
    } else if (change.kind === 'copied layer name' || change.kind === 'renamed layer') {
      const named = layers
        .map((place) => valueAt(place) as JsonObject)
        .filter(
          (layer) =>
            isObject(layer.config ?? null) && typeof (layer.config as JsonObject).name === 'string',
        );
      const target = pick(named, change.at);
      const name =
        change.kind === 'renamed layer'
          ? change.value
          : (pick(named, change.from)?.config as JsonObject | undefined)?.name;
      if (target === undefined || name === undefined) continue;
      (target.config as JsonObject).name = name;
      if ('name' in target) target.name = name;
    } else if (change.kind === 'number') {
      const target = pick(
        all.filter((place) => typeof valueAt(place) === 'number'),
        change.at,
      );
      if (target !== undefined)
        (target.parent as Record<string | number, Json>)[target.key] = change.value;
    } else if (change.kind === 'value') {
      const target = pick(all, change.at);
      if (target !== undefined)
        (target.parent as Record<string | number, Json>)[target.key] = structuredClone(
          change.value,
        );
    } else if (change.kind === '__proto__ key') {
      // An own "__proto__" key, as JSON.parse makes one: assigning it would set the prototype.
      const target = pick(
        all.filter((place) => isObject(valueAt(place))),
        change.at,
      );
      if (target === undefined) continue;
      Object.defineProperty(valueAt(target), '__proto__', {
        value: { polluted: true },
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else if (change.kind === 'deleted key') {
      const target = pick(
        all.filter(({ parent }) => !Array.isArray(parent)),
        change.at,
      );
      if (target !== undefined) Reflect.deleteProperty(target.parent, target.key);
    } else {
      const target = pick(
        all.filter(({ parent }) => Array.isArray(parent)),
        change.at,
      );
      if (target === undefined) continue;
      const list = target.parent as Json[];
      const index = target.key as number;
      if (change.kind === 'duplicated item')
        list.splice(index, 0, structuredClone(list[index] ?? null));
      else list.splice(index, 1);
    }
  }
}
