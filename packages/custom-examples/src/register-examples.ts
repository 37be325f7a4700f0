// The one module of this package with an import side effect: it registers the example plugins in
// the shared default registry under the package prefix `Examples`, so that models using them save
// and load. It is idempotent, and a second installed copy of the package registers as the same
// entries (see `registrationKey`).
import { registerRegularizer, registrationKey } from '@regularizers/core';
import { GroupLasso } from './group-lasso.js';
import { KLSparsity } from './kl-sparsity.js';
import { MyRegularizer } from './my-regularizer.js';
import { myRegularizer } from './my-regularizer-function.js';

const PACKAGE = 'Examples';
/** This npm package, named in the message of a name clash. */
const SOURCE = '@regularizers/custom-examples';

registerRegularizer(MyRegularizer, { package: PACKAGE, source: SOURCE });
registerRegularizer(GroupLasso, { package: PACKAGE, source: SOURCE });
registerRegularizer(KLSparsity, { package: PACKAGE, source: SOURCE });

// A function has no static className: mark it as classes are marked, and keep Python's name.
if (!Object.hasOwn(myRegularizer, registrationKey)) {
  Object.defineProperty(myRegularizer, registrationKey, {
    value: '@regularizers/custom-examples/my_regularizer',
  });
}
registerRegularizer(myRegularizer, { package: PACKAGE, name: 'my_regularizer', source: SOURCE });
