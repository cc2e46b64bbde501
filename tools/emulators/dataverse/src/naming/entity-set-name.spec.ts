import { entitySetNameOf } from './entity-set-name';

describe('entitySetNameOf', () => {
  it.each([
    ['account', 'accounts'],
    ['contact', 'contacts'],
    ['annotation', 'annotations'],
    ['opportunity', 'opportunities'],
    ['quotedetail', 'quotedetails'],
    ['address', 'addresses'],
    ['fax', 'faxes'],
    ['approach', 'approaches'],
    ['wish', 'wishes'],
    ['survey', 'surveys'],
  ])('%s → %s', (logicalName, setName) => {
    expect(entitySetNameOf(logicalName)).toBe(setName);
  });
});
