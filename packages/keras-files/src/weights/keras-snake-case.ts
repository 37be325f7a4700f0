/* Keras: keras/src/utils/naming.py (to_snake_case) */

/**
 * Keras's `to_snake_case`, which names a layer's place in a `.keras` weights file after its
 * class: `Conv2D` is `conv2d`, `BatchNormalization` is `batch_normalization`, `PReLU` is
 * `p_re_lu`. Python's `\W` is Unicode-aware, hence the `u` flag.
 */
export function kerasSnakeCase(name: string): string {
  return name
    .replace(/[^\p{L}\p{N}\p{Mn}_]+/gu, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}
