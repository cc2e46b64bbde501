import { parseContentRange, parseRangeHeader } from './parse-range';

describe('parseRangeHeader', () => {
  it('reads one closed or open-ended range, and nothing without a header', () => {
    expect(parseRangeHeader('bytes=0-99')).toEqual({ start: 0, end: 99 });
    expect(parseRangeHeader('bytes=100-')).toEqual({ start: 100 });
    expect(parseRangeHeader(undefined)).toBeUndefined();
  });

  it.each(['bytes=0-1,5-9', 'bytes=-10', 'bytes=9-3', 'items=0-1', 'bytes=a-b'])('refuses %s with RANGE_HEADER_INVALID', (value) => {
    expect(() => parseRangeHeader(value)).toThrow(expect.objectContaining({ code: 'RANGE_HEADER_INVALID', details: { header: 'Range', value } }));
  });
});

describe('parseContentRange', () => {
  it('reads a chunk with its total, with an unknown total, and a commit without bytes', () => {
    expect(parseContentRange('bytes 0-1023/4096')).toEqual({ start: 0, end: 1023, total: 4096 });
    expect(parseContentRange('bytes 1024-2047/*')).toEqual({ start: 1024, end: 2047 });
    expect(parseContentRange('bytes */4096')).toEqual({ total: 4096 });
  });

  it.each([undefined, 'bytes 5-4/10', 'bytes 0-10/10', 'bytes=0-1/2'])('refuses %s', (value) => {
    expect(() => parseContentRange(value)).toThrow(expect.objectContaining({ code: 'RANGE_HEADER_INVALID' }));
  });
});
