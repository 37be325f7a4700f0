import { describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { L1, L1L2, NoOpRegularizer, OrthogonalRegularizer, l2 } from './index.js';

describe('a built-in regularizer passed to a stock tfjs-layers layer', () => {
  it("makes tfjs's Improper config format error say what tfjs-layers needs", () => {
    expect(() => tfl.layers.dense({ units: 2, kernelRegularizer: l2(1e-4) as never })).toThrow(
      `Improper config format: {"L2":{"l2":0.0001},"tfjs-layers needs":"toTfjs(regularizer) from @regularizers/tfjs-adapter, or the adapter's layers"}`,
    );
  });

  it('shows its class and config in JSON.stringify, beside the hint', () => {
    const shown = (value: unknown) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
    expect(shown(new L1({ l1: 0.5 }))).toMatchObject({ L1: { l1: 0.5 } });
    expect(shown(new L1L2({ l1: 0.1, l2: 0.2 }))).toMatchObject({ L1L2: { l1: 0.1, l2: 0.2 } });
    expect(shown(new NoOpRegularizer())).toMatchObject({ Regularizer: {} });
    expect(shown(new OrthogonalRegularizer())).toMatchObject({
      OrthogonalRegularizer: { factor: 0.01, mode: 'rows' },
      'tfjs-layers needs': expect.stringContaining('toTfjs') as unknown,
    });
  });
});
