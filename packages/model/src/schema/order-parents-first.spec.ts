import { UnknownEntityError } from '../errors/unknown-entity-error';
import type { EntitySchema, Schema } from './entity-schema';
import type { FieldSchema } from './field-schema';
import { orderParentsFirst } from './order-parents-first';

function entity(name: string, ...fields: FieldSchema[]): EntitySchema {
  return { name, primaryKey: `${name}id`, fields: [{ name: `${name}id`, type: 'string' }, ...fields] };
}
const parentLookup = (name: string, target: string): FieldSchema => ({ name, type: 'lookup', targets: [target], parent: true });
const lookup = (name: string, ...targets: string[]): FieldSchema => ({ name, type: 'lookup', targets });

/** Children listed before their parents on purpose. */
const crm: Schema = {
  entities: [
    entity('quotedetail', parentLookup('quoteid', 'quote'), lookup('productid', 'product')),
    entity('contact', parentLookup('parentcustomerid', 'account')),
    entity('quote', lookup('customerid', 'account', 'contact')),
    entity('account', lookup('primarycontactid', 'contact'), { name: 'ownerid', type: 'owner' }),
    entity('product'),
    entity('systemuser'),
  ],
};

describe('orderParentsFirst', () => {
  it('puts quote before quotedetail and account before contact', () => {
    const order = orderParentsFirst(crm);
    expect(order.indexOf('quote')).toBeLessThan(order.indexOf('quotedetail'));
    expect(order.indexOf('account')).toBeLessThan(order.indexOf('contact'));
    expect([...order].sort()).toEqual(crm.entities.map((e) => e.name).sort());
  });

  it('also honours plain lookups and owners where they add no cycle', () => {
    // account -> contact (parent) forces account first, so account.primarycontactid is dropped;
    // quote.customerid, quotedetail.productid and account.ownerid are honoured.
    expect(orderParentsFirst(crm)).toEqual(['product', 'systemuser', 'account', 'contact', 'quote', 'quotedetail']);
  });

  it('keeps schema order for entities without constraints', () => {
    const flat: Schema = { entities: [entity('zeta'), entity('alpha'), entity('mid')] };
    expect(orderParentsFirst(flat)).toEqual(['zeta', 'alpha', 'mid']);
  });

  it('orders only the requested entities, ignoring lookups to the others', () => {
    expect(orderParentsFirst(crm, ['quotedetail', 'product', 'contact'])).toEqual(['contact', 'product', 'quotedetail']);
  });

  it('breaks a cycle of plain lookups in favour of the entity earlier in the schema', () => {
    const a: Schema = { entities: [entity('alpha', lookup('betaid', 'beta')), entity('beta', lookup('alphaid', 'alpha'))] };
    expect(orderParentsFirst(a)).toEqual(['beta', 'alpha']);
    const b: Schema = { entities: [entity('beta', lookup('alphaid', 'alpha')), entity('alpha', lookup('betaid', 'beta'))] };
    expect(orderParentsFirst(b)).toEqual(['alpha', 'beta']);
  });

  it('breaks a cycle of parent lookups deterministically and still lists every entity once', () => {
    const cyclic: Schema = {
      entities: [
        entity('one', parentLookup('threeid', 'three')),
        entity('two', parentLookup('oneid', 'one')),
        entity('three', parentLookup('twoid', 'two')),
        entity('four', parentLookup('twoid', 'two')),
      ],
    };
    // one<-three and two<-one are added, three<-two would close the cycle and is dropped.
    const order = orderParentsFirst(cyclic);
    expect(order).toEqual(['three', 'one', 'two', 'four']);
    expect(orderParentsFirst(cyclic)).toEqual(order);
  });

  it('ignores self-references', () => {
    const tree: Schema = { entities: [entity('account', parentLookup('parentaccountid', 'account')), entity('lead')] };
    expect(orderParentsFirst(tree)).toEqual(['account', 'lead']);
  });

  it('throws UnknownEntityError for a name not in the schema', () => {
    expect(() => orderParentsFirst(crm, ['quote', 'invoice'])).toThrow(UnknownEntityError);
  });
});
