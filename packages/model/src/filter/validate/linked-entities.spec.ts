import type { FilterNode } from '../filter-node';
import { linkedEntities } from './linked-entities';

describe('linkedEntities', () => {
  it('names each linked entity once, from links at any depth of groups', () => {
    const where: FilterNode = {
      kind: 'group',
      type: 'or',
      children: [
        { kind: 'link', lookup: 'parentcustomerid', entity: 'account', filter: { kind: 'condition', field: 'name', operator: 'eq', value: 'A' } },
        {
          kind: 'group',
          type: 'and',
          children: [
            { kind: 'link', lookup: 'parentcustomerid', entity: 'account', filter: { kind: 'condition', field: 'statuscode', operator: 'eq', value: 1 } },
          ],
        },
        { kind: 'link', lookup: 'ownerid', entity: 'systemuser', filter: { kind: 'condition', field: 'isdisabled', operator: 'eq', value: false } },
      ],
    };
    expect([...linkedEntities(where)]).toEqual(['account', 'systemuser']);
  });

  it('answers no entity for a filter without links', () => {
    expect(linkedEntities({ kind: 'condition', field: 'statuscode', operator: 'eq', value: 1 }).size).toBe(0);
  });
});
