import { describeAge } from '../src/components/describe-age';

const NOW = Date.parse('2026-12-05T12:00:00Z');

describe('the age of a last sync', () => {
  it('is green under a day, amber under a week, red beyond, and grey when it never happened', () => {
    expect(describeAge('2026-12-05T11:59:30Z', NOW)).toEqual({ text: 'just now', className: 'age-fresh' });
    expect(describeAge('2026-12-05T11:15:00Z', NOW)).toEqual({ text: '45 min ago', className: 'age-fresh' });
    expect(describeAge('2026-12-04T13:00:00Z', NOW)).toEqual({ text: '23 h ago', className: 'age-fresh' });
    expect(describeAge('2026-12-04T12:00:00Z', NOW)).toEqual({ text: '1 d ago', className: 'age-days' });
    expect(describeAge('2026-11-28T12:00:01Z', NOW)).toEqual({ text: '6 d ago', className: 'age-days' });
    expect(describeAge('2026-11-28T12:00:00Z', NOW)).toEqual({ text: '7 d ago', className: 'age-old' });
    expect(describeAge(null, NOW)).toEqual({ text: 'never', className: 'age-never' });
  });
});
