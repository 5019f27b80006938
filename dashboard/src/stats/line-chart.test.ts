import { describe, expect, it } from 'vitest';
import { valuesNextToGap } from './line-chart.js';

describe('points on a dense chart', () => {
  it('marks a value between two gaps, and the ends of each run next to a gap', () => {
    expect(valuesNextToGap([null, 40, null, null, 10, 20, 30, null])).toEqual([1, 4, 6]);
  });

  it('marks a lone value at either end of the range', () => {
    expect(valuesNextToGap([50, null, null, 25])).toEqual([0, 3]);
  });

  it('marks nothing in a series without gaps or without values', () => {
    expect(valuesNextToGap([1, 2, 3, 4])).toEqual([]);
    expect(valuesNextToGap([null, null, null])).toEqual([]);
  });
});
