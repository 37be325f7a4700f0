// The one module of this package with an import side effect: it registers the built-in
// regularizers and their Keras identifiers in the shared default registry. It is idempotent, and
// a second installed copy of the package registers as the same entries (see `registrationKey`).
import { registerRegularizer } from '@regularizers/core';
import { L1, l1 } from './l1.js';
import { L2, l2 } from './l2.js';
import { L1L2, l1l2 } from './l1l2.js';
import { OrthogonalRegularizer } from './orthogonal-regularizer.js';
import { NoOpRegularizer } from './no-op-regularizer.js';

// Naming this package as the source tells core that the built-ins are loaded (its unknown-name
// errors suggest installing them otherwise), and names it in any name clash.
const source = '@regularizers/builtin';

// PascalCase names the class built with no arguments; lower case names the factory with its
// defaults. Only 'l1l2'/'l1_l2' (0.01 each) and 'L1L2' (0 each) differ, as in tf.keras.
registerRegularizer(L1, { source, aliases: [{ name: 'l1', create: () => l1() }] });
registerRegularizer(L2, { source, aliases: [{ name: 'l2', create: () => l2() }] });
registerRegularizer(L1L2, {
  source,
  aliases: [
    { name: 'l1l2', create: () => l1l2() },
    { name: 'l1_l2', create: () => l1l2() },
  ],
});
registerRegularizer(OrthogonalRegularizer, {
  source,
  aliases: [{ name: 'orthogonal_regularizer', create: () => new OrthogonalRegularizer() }],
});
// Keras's base class, under its name and the snake_case one Keras also resolves: a no-op.
registerRegularizer(NoOpRegularizer, {
  source,
  aliases: [{ name: 'regularizer', create: () => new NoOpRegularizer() }],
});
