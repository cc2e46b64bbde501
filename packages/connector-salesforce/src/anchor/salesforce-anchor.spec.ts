import { decodeSalesforceAnchor, encodeSalesforceAnchor, anchorInstant, type SalesforceAnchor } from './salesforce-anchor';

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('Salesforce anchors', () => {
  const anchors: SalesforceAnchor[] = [
    { phase: 'full', entity: 'account', start: '2026-11-22T09:30:00.000Z' },
    { phase: 'full', entity: 'account', start: '2026-11-22T09:30:00.000Z', lastId: '001000000000001AAA', locator: '01gD0000002HU6KIAW-2000' },
    { phase: 'changes', entity: 'account', mark: '2026-11-22T09:30:00.000Z' },
    {
      phase: 'changes',
      entity: 'account',
      mark: '2026-11-22T09:30:00.000Z',
      deletesFrom: '2026-11-22T09:29:00.000Z',
      readStart: '2026-11-22T10:00:00.000Z',
      cursor: { ts: '2026-11-22T09:45:00.000Z', id: '001000000000002AAA' },
    },
  ];

  it.each(anchors.map((anchor) => [anchor.phase, anchor]))('round-trips a %s anchor as base64url text', (_phase, anchor) => {
    const text = encodeSalesforceAnchor(anchor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSalesforceAnchor(text, 'account')).toEqual(anchor);
  });

  it('lists changes after the start of a full read and after the mark of a changes anchor', () => {
    expect(anchorInstant(anchors[1])).toBe('2026-11-22T09:30:00.000Z');
    expect(anchorInstant(anchors[3])).toBe('2026-11-22T09:30:00.000Z');
  });

  it.each([
    ['not base64url', 'a+b/c=', 'not base64url text'],
    ['not JSON', Buffer.from('{no', 'utf8').toString('base64url'), 'not JSON'],
    ['another entity', encode({ phase: 'changes', entity: 'contact', mark: '2026-11-22T09:30:00.000Z' }), "made for entity 'contact'"],
    ['an unknown phase', encode({ phase: 'later', entity: 'account' }), "unknown phase 'later'"],
    ['a mark that is no instant', encode({ phase: 'changes', entity: 'account', mark: 'yesterday' }), "'mark' is not"],
    [
      'a cursor without readStart',
      encode({ phase: 'changes', entity: 'account', mark: '2026-11-22T09:30:00Z', cursor: { ts: '2026-11-22T09:30:00Z', id: 'x' } }),
      'go together',
    ],
    [
      'a cursor without id',
      encode({ phase: 'changes', entity: 'account', mark: '2026-11-22T09:30:00Z', readStart: '2026-11-22T09:30:00Z', cursor: { ts: '2026-11-22T09:30:00Z' } }),
      "'cursor' is not",
    ],
    ['a full read without start', encode({ phase: 'full', entity: 'account' }), "'start' is not"],
  ])('refuses %s with INVALID_ANCHOR', (_name, text, reason) => {
    expect(() => decodeSalesforceAnchor(text, 'account')).toThrow(
      expect.objectContaining({ code: 'INVALID_ANCHOR', message: expect.stringContaining(reason) }),
    );
  });
});
