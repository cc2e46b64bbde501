import { FieldsyncError } from '../errors/fieldsync-error';
import { ValidationError } from '../errors/validation-error';
import type { Schema } from './entity-schema';
import { parseSchema, validateSchema } from './validate-schema';

const id = (name: string) => ({ name, type: 'string' });

function salesSchema(): Schema {
  return {
    entities: [
      {
        name: 'account',
        primaryKey: 'accountid',
        primaryName: 'name',
        fields: [
          id('accountid'),
          { name: 'name', type: 'string', maxLength: 160, required: true },
          { name: 'revenue', type: 'money', precision: 2 },
          { name: 'ownerid', type: 'owner' },
          {
            name: 'statecode',
            type: 'state',
            options: [
              { value: 0, label: 'Active' },
              { value: 1, label: 'Inactive' },
            ],
          },
          {
            name: 'statuscode',
            type: 'status',
            options: [
              { value: 1, label: 'Active', state: 0 },
              { value: 2, label: 'Inactive', state: 1 },
            ],
          },
        ],
      },
      {
        name: 'contact',
        primaryKey: 'contactid',
        fields: [id('contactid'), { name: 'parentcustomerid', type: 'lookup', targets: ['account', 'contact'] }],
      },
      {
        name: 'quote',
        primaryKey: 'quoteid',
        fields: [id('quoteid'), { name: 'customerid', type: 'lookup', targets: ['account'] }],
      },
      {
        name: 'quotedetail',
        primaryKey: 'quotedetailid',
        fields: [id('quotedetailid'), { name: 'quoteid', type: 'lookup', targets: ['quote'], parent: true }],
      },
    ],
  } as Schema;
}

/** A mutable deep copy to break in one place. */
function broken(edit: (schema: { entities: Record<string, unknown>[] } & Record<string, unknown>) => void): unknown {
  const copy = structuredClone(salesSchema()) as unknown as { entities: Record<string, unknown>[] } & Record<string, unknown>;
  edit(copy);
  return copy;
}

function fieldsOf(schema: { entities: Record<string, unknown>[] }, entity: number): Record<string, unknown>[] {
  return schema.entities[entity].fields as Record<string, unknown>[];
}

function messages(schema: unknown): string[] {
  return validateSchema(schema).map((issue) => `${issue.path}: ${issue.message}`);
}

describe('validateSchema', () => {
  it('accepts a well-formed schema', () => {
    expect(validateSchema(salesSchema())).toEqual([]);
  });

  it('refuses a value that is not a schema object', () => {
    expect(messages(null)).toEqual(["schema: must be an object with an 'entities' list, got null"]);
    expect(messages({ entities: 'account' })).toEqual(["entities: must be a list of entities, got string 'account'"]);
    expect(messages({ entities: [], tables: [] })).toEqual(["tables: unknown property 'tables'"]);
  });

  it('reports an unknown field type at its path', () => {
    const schema = broken((s) => {
      fieldsOf(s, 2)[1].type = 'strng';
    });
    expect(messages(schema)).toEqual(["entities[2].fields[1].type: unknown field type 'strng'"]);
  });

  it('requires entity names to be unique lower-case identifiers', () => {
    const schema = broken((s) => {
      s.entities[1].name = 'Contact';
      s.entities[3].name = 'quote';
    });
    expect(messages(schema)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^entities\[1\]\.name: entity names are lower-case identifiers/),
        "entities[3].name: duplicate entity 'quote' (also entities[2])",
      ]),
    );
  });

  it('requires the primary key to name a text field of the entity', () => {
    expect(messages(broken((s) => void (s.entities[0].primaryKey = 'id')))).toEqual(["entities[0].primaryKey: names no field of the entity: 'id'"]);
    expect(messages(broken((s) => void (s.entities[0].primaryKey = 'revenue')))).toEqual([
      "entities[0].primaryKey: primary key field 'revenue' must be of type 'string'",
    ]);
    expect(messages(broken((s) => void delete s.entities[0].primaryKey))).toEqual(['entities[0].primaryKey: must name a field of the entity, got nothing']);
  });

  it('requires primaryName, when given, to name a text field', () => {
    expect(messages(broken((s) => void (s.entities[0].primaryName = 'title')))).toEqual(["entities[0].primaryName: names no field of the entity: 'title'"]);
  });

  it('requires field names to be unique identifiers not ending in _target', () => {
    const schema = broken((s) => {
      fieldsOf(s, 0).push({ name: 'name', type: 'string' }, { name: 'parent_target', type: 'string' }, { name: '2fa', type: 'bool' });
    });
    expect(messages(schema)).toEqual([
      "entities[0].fields[6].name: duplicate field 'name' (also fields[1])",
      "entities[0].fields[7].name: field names may not end in '_target' (reserved for the lookup target column)",
      "entities[0].fields[8].name: field names are lower-case identifiers (a-z, 0-9, _; starting with a letter), got string '2fa'",
    ]);
  });

  it('requires lookups to have non-empty targets that are entities of the schema', () => {
    const schema = broken((s) => {
      fieldsOf(s, 1)[1].targets = ['account', 'lead'];
      fieldsOf(s, 2)[1].targets = [];
      delete fieldsOf(s, 3)[1].targets;
    });
    expect(messages(schema)).toEqual([
      "entities[1].fields[1].targets[1]: unknown target entity 'lead'",
      'entities[2].fields[1].targets: a lookup needs a non-empty list of target entities, got an array',
      'entities[3].fields[1].targets: a lookup needs a non-empty list of target entities, got nothing',
    ]);
  });

  it('limits owner targets to systemuser and team and refuses targets on other types', () => {
    const schema = broken((s) => {
      fieldsOf(s, 0)[3].targets = ['systemuser', 'account'];
      fieldsOf(s, 0)[1].targets = ['account'];
    });
    expect(messages(schema)).toEqual([
      "entities[0].fields[1].targets: only 'lookup' and 'owner' fields have targets, not 'string'",
      "entities[0].fields[3].targets[1]: an owner points to systemuser or team, not 'account'",
    ]);
  });

  it('requires present, unique options on picklist, state and status fields', () => {
    const schema = broken((s) => {
      fieldsOf(s, 0).push({ name: 'industrycode', type: 'picklist' });
      fieldsOf(s, 0)[4].options = [
        { value: 0, label: 'Active' },
        { value: 0, label: 'Also active' },
      ];
      fieldsOf(s, 0)[1].options = [{ value: 1, label: 'x' }];
    });
    expect(messages(schema)).toEqual([
      "entities[0].fields[1].options: only 'picklist', 'state' and 'status' fields have options, not 'string'",
      'entities[0].fields[4].options[1].value: duplicate option value 0 (also options[0])',
      "entities[0].fields[5].options[1].state: refers to no option of the entity's state field: number 1",
      'entities[0].fields[6].options: a picklist field needs a non-empty list of options, got nothing',
    ]);
  });

  it("requires a status option's state to be an option of the state field", () => {
    const schema = broken((s) => {
      (fieldsOf(s, 0)[5].options as Record<string, unknown>[])[1].state = 7;
    });
    expect(messages(schema)).toEqual(["entities[0].fields[5].options[1].state: refers to no option of the entity's state field: number 7"]);
    const noStateField = broken((s) => {
      fieldsOf(s, 0).splice(4, 1);
    });
    expect(messages(noStateField)).toEqual([
      "entities[0].fields[4].options[0].state: the entity has no 'state' field for state number 0",
      "entities[0].fields[4].options[1].state: the entity has no 'state' field for state number 1",
    ]);
  });

  it('requires sane maxLength and precision on the types that have them', () => {
    const schema = broken((s) => {
      fieldsOf(s, 0)[1].maxLength = 0;
      fieldsOf(s, 0)[2].precision = 2.5;
      fieldsOf(s, 0)[3].maxLength = 10;
      fieldsOf(s, 0)[0].precision = 2;
    });
    expect(messages(schema)).toEqual([
      "entities[0].fields[0].precision: only 'decimal' and 'money' fields have a precision, not 'string'",
      'entities[0].fields[1].maxLength: must be a whole number from 1 to 1048576, got number 0',
      'entities[0].fields[2].precision: must be a whole number from 0 to 10, got number 2.5',
      "entities[0].fields[3].maxLength: only 'string' and 'memo' fields have a maxLength, not 'owner'",
    ]);
  });

  it('allows parent only on lookups', () => {
    const schema = broken((s) => {
      fieldsOf(s, 0)[3].parent = true;
    });
    expect(messages(schema)).toEqual(["entities[0].fields[3].parent: only 'lookup' fields can point at the parent, not 'owner'"]);
  });

  it('reports a cycle of parent lookups once, naming the entities around it', () => {
    const schema = broken((s) => {
      fieldsOf(s, 2).push({ name: 'latestdetailid', type: 'lookup', targets: ['quotedetail'], parent: true });
    });
    expect(messages(schema)).toEqual(['entities[2].fields[2].parent: parent lookups form a cycle: quote -> quotedetail -> quote']);
  });

  it('reports an entity that is its own parent', () => {
    const schema = broken((s) => {
      fieldsOf(s, 0).push({ name: 'parentaccountid', type: 'lookup', targets: ['account'], parent: true });
    });
    expect(messages(schema)).toEqual(['entities[0].fields[6].parent: parent lookups form a cycle: account -> account']);
  });

  it('reports unknown properties, which are usually typos', () => {
    const schema = broken((s) => {
      fieldsOf(s, 0)[1].require = true;
      s.entities[1].primarykey = 'contactid';
    });
    expect(messages(schema)).toEqual(["entities[0].fields[1].require: unknown property 'require'", "entities[1].primarykey: unknown property 'primarykey'"]);
  });
});

describe('parseSchema', () => {
  it('returns a frozen copy of a valid schema', () => {
    const input = salesSchema();
    const schema = parseSchema(input);
    expect(schema).toEqual(input);
    expect(schema).not.toBe(input);
    expect(Object.isFrozen(schema.entities[0].fields[0])).toBe(true);
  });

  it('throws one ValidationError listing every issue with its path', () => {
    const schema = broken((s) => {
      fieldsOf(s, 3)[1].type = 'strng';
      fieldsOf(s, 0)[2].precision = -1;
      s.entities[1].name = 'account';
    });
    let error: unknown;
    try {
      parseSchema(schema);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(FieldsyncError.is(error, 'VALIDATION_FAILED')).toBe(true);
    const validation = error as ValidationError;
    expect(validation.subject).toBe('schema');
    expect(validation.issues).toHaveLength(4);
    expect(validation.message).toContain("entities[3].fields[1].type: unknown field type 'strng'");
    expect(validation.message).toContain('entities[0].fields[2].precision: must be a whole number from 0 to 10, got number -1');
    expect(validation.message).toContain("entities[1].name: duplicate entity 'account' (also entities[0])");
    expect(validation.message).toContain("entities[1].fields[1].targets[1]: unknown target entity 'contact'");
  });
});
