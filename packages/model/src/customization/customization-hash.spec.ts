import fc from 'fast-check';
import { defaultAppSettings } from './app-settings';
import { canonicalJson } from './canonical-json';
import type { Customization } from './customization';
import { customizationHash, customizationPartHashes } from './customization-hash';

type Content = Omit<Customization, 'version'>;

const content: Content = {
  entities: [
    {
      entity: 'account',
      fields: ['accountid', 'name'],
      filter: { entity: 'account', where: { kind: 'condition', field: 'statecode', operator: 'eq', value: 0 } },
      conflictPolicy: 'FieldMerge',
      uploadOnly: false,
      attachments: false,
    },
  ],
  settings: defaultAppSettings(),
  blobStoreFilter: '<BlobStoreFilter/>',
};

/** The same content with every object's keys in reverse order. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, child]) => [key, reversed(child)]),
  );
}

/** The same content with every object's keys in an order drawn from `order`. */
function shuffled(value: unknown, order: number[]): unknown {
  if (Array.isArray(value)) return value.map((item) => shuffled(item, order));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const permuted = entries
    .map((entry, index) => ({ entry, rank: order[index % Math.max(order.length, 1)] ?? index }))
    .sort((a, b) => a.rank - b.rank)
    .map(({ entry: [key, child] }) => [key, shuffled(child, order)]);
  return Object.fromEntries(permuted);
}

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined properties', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
  });

  it('keeps a key named __proto__ as content', () => {
    expect(canonicalJson(JSON.parse('{"b":1,"__proto__":false}'))).toBe('{"__proto__":false,"b":1}');
    expect(canonicalJson(JSON.parse('{"__proto__":{"x":1}}'))).not.toBe(canonicalJson({}));
  });

  it('gives the same text for any key order and parses back to equal content', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.nat(50), { maxLength: 8 }), (value, order) => {
        const text = canonicalJson(value);
        expect(canonicalJson(shuffled(value, order))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('customizationHash', () => {
  it('is a sha256 hex digest that does not depend on key order', () => {
    const hash = customizationHash(content);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(customizationHash(reversed(content) as Content)).toBe(hash);
    expect(customizationPartHashes(reversed(content) as Content)).toEqual(customizationPartHashes(content));
  });

  it('changes when any part changes, and only that part hash changes', () => {
    const base = customizationPartHashes(content);
    const changedSetting: Content = { ...content, settings: { ...content.settings, MaxExecuteMultiple: 200 } };
    expect(customizationHash(changedSetting)).not.toBe(customizationHash(content));
    expect(customizationPartHashes(changedSetting)).toEqual({ ...base, settings: expect.not.stringMatching(base.settings) });

    const changedFilter: Content = {
      ...content,
      entities: [{ ...content.entities[0], filter: { entity: 'account', where: { kind: 'condition', field: 'statecode', operator: 'eq', value: 1 } } }],
    };
    expect(customizationHash(changedFilter)).not.toBe(customizationHash(content));
    expect(customizationPartHashes(changedFilter)).toEqual({ ...base, entities: expect.not.stringMatching(base.entities) });

    const withoutBlobFilter: Content = { entities: content.entities, settings: content.settings };
    expect(customizationPartHashes(withoutBlobFilter)).toEqual({ ...base, blobStoreFilter: expect.not.stringMatching(base.blobStoreFilter) });
  });

  it('treats the order of entities as content', () => {
    const two: Content = { ...content, entities: [content.entities[0], { ...content.entities[0], entity: 'contact' }] };
    const swapped: Content = { ...two, entities: [two.entities[1], two.entities[0]] };
    expect(customizationHash(swapped)).not.toBe(customizationHash(two));
  });
});
