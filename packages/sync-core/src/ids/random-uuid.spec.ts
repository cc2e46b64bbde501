import { randomUUID } from './random-uuid';

describe('randomUUID', () => {
  it('answers version 4 UUIDs from the Web Crypto API, a new one each time', () => {
    const first = randomUUID();
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(randomUUID()).not.toBe(first);
  });

  it('names the missing API on a host without crypto.randomUUID (React Native without a polyfill)', () => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'crypto')!;
    Object.defineProperty(globalThis, 'crypto', { value: {}, configurable: true });
    try {
      expect(() => randomUUID()).toThrow(/globalThis\.crypto\.randomUUID.*React Native/);
    } finally {
      Object.defineProperty(globalThis, 'crypto', descriptor);
    }
  });
});
