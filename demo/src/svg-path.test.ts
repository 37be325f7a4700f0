import { describe, expect, it } from 'vitest';
import { barsPath, coordinate, linePath, linearScale } from './svg-path.js';

describe('linearScale', () => {
  it('maps a domain onto pixels, also backwards as the y axis runs', () => {
    const y = linearScale([0, 2], [100, 0]);
    expect(y(0)).toBe(100);
    expect(y(1)).toBe(50);
    expect(y(2)).toBe(0);
  });

  it('maps a zero-width domain to the middle', () => {
    expect(linearScale([3, 3], [0, 10])(3)).toBe(5);
  });
});

describe('coordinate', () => {
  it('rounds to one decimal and never writes -0', () => {
    expect(coordinate(12.345)).toBe('12.3');
    expect(coordinate(-0.04)).toBe('0');
    expect(coordinate(7)).toBe('7');
  });
});

describe('linePath', () => {
  const x = linearScale([0, 10], [0, 100]);
  const y = linearScale([0, 1], [50, 0]);

  it('moves to the first point and draws lines through the rest', () => {
    const points = [
      { x: 0, y: 0 },
      { x: 5, y: 0.5 },
      { x: 10, y: 1 },
    ];
    expect(linePath(points, x, y)).toBe('M0,50 L50,25 L100,0');
  });

  it('breaks the line at a point that is not finite', () => {
    const points = [
      { x: 0, y: 0 },
      { x: 1, y: Number.NaN },
      { x: 2, y: 0.2 },
      { x: 3, y: 0.4 },
    ];
    expect(linePath(points, x, y)).toBe('M0,50 M20,40 L30,30');
  });

  it('is empty without a good point', () => {
    expect(linePath([], x, y)).toBe('');
    expect(linePath([{ x: 1, y: Number.POSITIVE_INFINITY }], x, y)).toBe('');
  });
});

describe('barsPath', () => {
  it('draws one closed rectangle per non-empty bin, up from the baseline', () => {
    const x = linearScale([-1, 1], [0, 40]);
    const y = linearScale([0, 4], [80, 0]);
    expect(barsPath([2, 0, 4, 1], { min: -1, max: 1 }, x, y)).toBe(
      'M0,80 V40 H10 V80 Z M20,80 V0 H30 V80 Z M30,80 V60 H40 V80 Z',
    );
  });

  it('is empty when every bin is', () => {
    const scale = linearScale([0, 1], [0, 1]);
    expect(barsPath([0, 0], { min: 0, max: 1 }, scale, scale)).toBe('');
  });
});
