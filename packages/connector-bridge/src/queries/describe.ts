import type { EntitySchema, Schema } from '@fieldsync/model';
import { json, type JsonObject } from '../decode/json-reader';
import type { GraphqlRequest } from '../graphql-client';

/** The `describe` query, for every entity or only those named. */
export function describeRequest(entities?: readonly string[]): GraphqlRequest {
  return {
    operationName: 'Describe',
    query: `query Describe($entities: [String!]) { describe(entities: $entities) }`,
    variables: entities === undefined ? {} : { entities },
  };
}

/**
 * Checks the described schema's frame (entities with a name, a primary key and named, typed fields);
 * the rest of each entity and field is passed on as the bridge sent it.
 */
export function decodeDescribe(data: JsonObject): Schema {
  const schema = json.object(data.describe, 'describe');
  const entities = json.array(schema.entities, 'describe.entities').map((value, index): EntitySchema => {
    const at = `describe.entities[${index}]`;
    const entity = json.object(value, at);
    json.nonEmptyString(entity.name, `${at}.name`);
    json.nonEmptyString(entity.primaryKey, `${at}.primaryKey`);
    json.array(entity.fields, `${at}.fields`).forEach((field, fieldIndex) => {
      const fieldAt = `${at}.fields[${fieldIndex}]`;
      const described = json.object(field, fieldAt);
      json.nonEmptyString(described.name, `${fieldAt}.name`);
      json.nonEmptyString(described.type, `${fieldAt}.type`);
    });
    return entity as unknown as EntitySchema;
  });
  return { ...schema, entities } as Schema;
}
