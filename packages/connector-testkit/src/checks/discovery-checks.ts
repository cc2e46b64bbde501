import { conformanceSchema } from '../conformance-schema';
import { expectErrorCode } from '../support/expect-error-code';
import type { ConformanceContext } from './conformance-context';

/** describe(): the conformance entities and fields, stable, and unknown names refused. */
export function registerDiscoveryChecks(ctx: ConformanceContext): void {
  ctx.check('describes the conformance entities and their fields, the same on every call', async () => {
    const connector = await ctx.connect('alice');
    const first = await connector.describe();
    const second = await connector.describe();
    expect(second).toEqual(first);
    for (const expected of conformanceSchema.entities) {
      const described = first.entities.find((entity) => entity.name === expected.name);
      expect(described).toBeDefined();
      expect(described?.primaryKey).toBe(expected.primaryKey);
      const fieldNames = new Set(described?.fields.map((field) => field.name));
      expect(expected.fields.map((field) => field.name).filter((name) => !fieldNames.has(name))).toEqual([]);
      for (const field of expected.fields) {
        const got = described?.fields.find((candidate) => candidate.name === field.name);
        expect({ entity: expected.name, field: field.name, type: got?.type }).toEqual({
          entity: expected.name,
          field: field.name,
          type: field.type,
        });
      }
    }
  });

  ctx.check('describes only the entities asked for', async () => {
    const connector = await ctx.connect('alice');
    const schema = await connector.describe(['contact']);
    expect(schema.entities.map((entity) => entity.name)).toEqual(['contact']);
  });

  ctx.check('refuses an unknown entity with UnknownEntityError, in describe and in readPage', async () => {
    const connector = await ctx.connect('alice');
    await expectErrorCode(connector.describe(['account', 'no_such_entity']), 'UNKNOWN_ENTITY');
    await expectErrorCode(connector.readPage({ entity: 'no_such_entity', pageSize: 10 }), 'UNKNOWN_ENTITY');
  });
}
