import { orderParentsFirst, validateSchema } from '@fieldsync/model';
import { demoSchema } from './demo-schema';

describe('demoSchema', () => {
  it('passes the model schema validation without a single issue', () => {
    expect(validateSchema(demoSchema)).toEqual([]);
  });

  it('lists every entity after the entities its parent lookups point at', () => {
    const order = orderParentsFirst(demoSchema);
    expect(order.indexOf('account')).toBeLessThan(order.indexOf('contact'));
    expect(order.indexOf('quote')).toBeLessThan(order.indexOf('quotedetail'));
    expect(order.indexOf('contact')).toBeLessThan(order.indexOf('annotation'));
  });

  it('names the quote fields the CRM store computes totals from', () => {
    const fieldNames = (entity: string): string[] => demoSchema.entities.find((e) => e.name === entity)!.fields.map((f) => f.name);
    expect(fieldNames('quote')).toEqual(expect.arrayContaining(['totalamount', 'totallineitemamount']));
    expect(fieldNames('quotedetail')).toEqual(expect.arrayContaining(['quoteid', 'quantity', 'priceperunit', 'manualdiscountamount', 'extendedamount']));
  });
});
