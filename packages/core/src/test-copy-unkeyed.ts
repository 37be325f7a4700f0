// A plugin module for second-copy.test.ts, registered on import. Strength declares no
// registrationKey, so a second copy of this file clashes with the first.
import { registerRegularizer } from './default-registry.js';
import { Strength } from './test-plugins.js';

export { Strength };

registerRegularizer(Strength, { package: 'SecondCopy' });
