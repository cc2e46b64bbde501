import { canonicalTime } from './canonical-time';

describe('canonicalTime', () => {
  it.each([
    ['2026-11-23T10:00:00.000Z', '2026-11-23T10:00:00.000Z'],
    ['2026-11-23T10:00:00Z', '2026-11-23T10:00:00.000Z'],
    ['2026-11-23T10:00Z', '2026-11-23T10:00:00.000Z'],
    ['2026-11-23T12:00:00+02:00', '2026-11-23T10:00:00.000Z'],
    ['2026-11-23T05:30:00.5-0430', '2026-11-23T10:00:00.500Z'],
  ])('writes %j as %j', (input, expected) => {
    expect(canonicalTime(input, 'now')).toBe(expected);
  });

  it.each(['2026-11-23', '2026-11-23T10:00:00', 'Mon, 23 Nov 2026 10:00:00 GMT', '2026-13-45T10:00:00Z', '', 'now'])(
    'refuses %j with INVALID_ARGUMENT',
    (input) => {
      expect(() => canonicalTime(input, 'now')).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT', details: { field: 'now', value: input } }) as unknown as Error,
      );
    },
  );
});
