import { jsonErrorPosition } from './json-error-position';

describe('jsonErrorPosition', () => {
  it.each(['{}', '[]', '{"a":[1,-2.5e3,true,false,null,"x\\n\\u00e9"]}', ' "text" ', '0'])('finds no error in %s', (text) => {
    expect(jsonErrorPosition(text)).toBeUndefined();
    expect(() => JSON.parse(text)).not.toThrow();
  });

  it.each([
    ['{"a":1,}', 7],
    ['[1,2', 4],
    ['{"a" 1}', 5],
    ['{a:1}', 1],
    ['[01]', 2],
    ['"tab\there"', 4],
    ['{} x', 3],
    ['', 0],
  ])('points at the first offending character of %j', (text, position) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorPosition(text)).toBe(position);
  });
});
