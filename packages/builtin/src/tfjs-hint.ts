/**
 * What `JSON.stringify` shows for a built-in regularizer: its class and config, and what a stock
 * tfjs-layers layer needs instead of it. It exists for one error: a JavaScript user who passes
 * `l2(1e-4)` straight to `tf.layers.dense` gets tfjs's `Improper config format: …`, which prints
 * the regularizer with `JSON.stringify`, so the message then says what to do.
 *
 * @param className - the class, as model files name it.
 * @param config - what `getConfig()` returns.
 */
export function jsonWithTfjsHint(className: string, config: object): Record<string, unknown> {
  return {
    [className]: config,
    'tfjs-layers needs':
      "toTfjs(regularizer) from @regularizers/tfjs-adapter, or the adapter's layers",
  };
}
