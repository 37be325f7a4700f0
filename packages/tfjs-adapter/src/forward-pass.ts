/**
 * Forward passes, as Keras counts activity penalties: every call of a layer during one outermost
 * call of a model (a training step, a test batch, `model.apply`) adds its penalty, and the next
 * outermost call starts afresh. A layer called on its own, outside any model pass, is a pass of
 * its own, so each eager call replaces the previous call's penalty (keras-semantics.md §5).
 *
 * Passes are synchronous (tfjs runs a model's layers synchronously), so one module-level marker
 * is enough: the outermost caller opens a pass, nested models and layers join it.
 */

let open: number | null = null;
let counter = 0;

/** The pass a layer call belongs to: the open one, or a new one of its own. */
export function currentPass(): number {
  return open ?? ++counter;
}

/**
 * Runs `body` as one forward pass. The outermost caller opens the pass and runs `begin` first (to
 * reset the penalties of every layer it will run); a caller inside an open pass just joins it.
 */
export function inForwardPass<T>(begin: () => void, body: () => T): T {
  if (open !== null) return body();
  open = ++counter;
  try {
    begin();
    return body();
  } finally {
    open = null;
  }
}
