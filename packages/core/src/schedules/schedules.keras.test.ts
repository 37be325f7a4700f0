// Core's schedules against the numbers of real Keras 3.15.1, written by
// tools/keras-referee/schedules.py (see there for what each field holds).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getSchedule } from './get-schedule.js';

interface Case {
  readonly className: string;
  readonly config: Record<string, unknown>;
  readonly steps: readonly number[];
  readonly values: readonly number[];
}

const reference = JSON.parse(
  readFileSync(new URL('./schedules.keras.json', import.meta.url), 'utf8'),
) as { keras: string; cases: Case[] };

describe(`schedules against Keras ${reference.keras}`, () => {
  it.each(reference.cases.map((entry) => [entry.className, JSON.stringify(entry.config), entry]))(
    '%s %s',
    (_name, _config, entry) => {
      const byStep = getSchedule('rate', { className: entry.className, config: entry.config });
      const byEpoch = getSchedule('rate', {
        className: entry.className,
        config: { ...entry.config, per: 'epoch' },
      });
      entry.steps.forEach((step, i) => {
        const expected = entry.values[i] ?? Number.NaN;
        // Keras computes in float32: relative 1e-6, or absolute 1e-10 (float32 rounding of values
        // near 1e-3, where a warm-up subtracts two of them).
        const tolerance = Math.max(1e-10, 1e-6 * Math.abs(expected));
        const atStep = byStep.valueAt({ step, epoch: 3 });
        expect(Math.abs(atStep - expected), `step ${step}: ${atStep}`).toBeLessThanOrEqual(
          tolerance,
        );
        expect(byEpoch.valueAt({ step: 3, epoch: step })).toBe(atStep);
      });
    },
  );
});
