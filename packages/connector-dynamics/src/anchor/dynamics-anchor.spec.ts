import { decodeDynamicsAnchor, encodeDynamicsAnchor, type DynamicsAnchor } from './dynamics-anchor';

const delta = 'https://org.crm.dynamics.com/api/data/v9.2/accounts?$select=name&$deltatoken=919042%2108%2f22%2f2017';

describe('the Dynamics anchor codec', () => {
  it.each<DynamicsAnchor>([
    { phase: 'full', entity: 'account' },
    { phase: 'full', entity: 'account', next: `${delta}&$skiptoken=abc` },
    { phase: 'full', entity: 'account', delta, next: 'https://x/api/data/v9.2/accounts?$skiptoken=1' },
    { phase: 'full', entity: 'account', mark: '1200' },
    { phase: 'changes', entity: 'account', delta },
    { phase: 'changes', entity: 'account', delta, next: `${delta}&$skiptoken=2` },
    { phase: 'changes', entity: 'account', delta, after: '1043', skipDeleted: 7 },
    { phase: 'versions', entity: 'account', mark: '77' },
  ])('reads back what it wrote: %j', (anchor) => {
    const text = encodeDynamicsAnchor(anchor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeDynamicsAnchor(text, 'account')).toEqual(anchor);
  });

  it('refuses an anchor of another entity, naming both', () => {
    const text = encodeDynamicsAnchor({ phase: 'versions', entity: 'contact', mark: '1' });
    expect(() => decodeDynamicsAnchor(text, 'account')).toThrow(/made for entity 'contact', used for 'account'/);
  });

  it.each([
    ['not base64url', 'a b'],
    ['not JSON', Buffer.from('{nope').toString('base64url')],
    ['an unknown phase', Buffer.from(JSON.stringify({ phase: 'later', entity: 'account' })).toString('base64url')],
    ['a changes anchor without a delta link', Buffer.from(JSON.stringify({ phase: 'changes', entity: 'account' })).toString('base64url')],
    ['a version that is not a number', Buffer.from(JSON.stringify({ phase: 'versions', entity: 'account', mark: 'x' })).toString('base64url')],
    ['both a delta link and a mark', Buffer.from(JSON.stringify({ phase: 'full', entity: 'account', delta, mark: '3' })).toString('base64url')],
  ])('refuses %s with INVALID_ANCHOR', (_what, text) => {
    expect(() => decodeDynamicsAnchor(text, 'account')).toThrow(expect.objectContaining({ code: 'INVALID_ANCHOR' }));
  });
});
