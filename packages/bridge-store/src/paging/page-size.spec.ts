import { MAX_PAGE_SIZE, pageSize } from './page-size';

describe('pageSize', () => {
  it.each([
    [1, 1],
    [25, 25],
    [500, 500],
    [501, 500],
    [1_000_000, 500],
    [Infinity, 500],
    [0, 1],
    [-3, 1],
    [2.9, 2],
    [NaN, 1],
  ])('clamps %p to %p', (first, expected) => {
    expect(pageSize(first)).toBe(expected);
  });

  it('caps at 500', () => {
    expect(MAX_PAGE_SIZE).toBe(500);
  });
});
