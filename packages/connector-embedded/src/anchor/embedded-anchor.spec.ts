import { FieldsyncError } from '@fieldsync/model';
import { anchorVersion, decodeEmbeddedAnchor, encodeEmbeddedAnchor, type EmbeddedAnchor } from './embedded-anchor';

const encodeRaw = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('embedded anchor codec', () => {
  it('round-trips full-read and changes anchors as base64url text', () => {
    const anchors: EmbeddedAnchor[] = [
      { phase: 'full', entity: 'account', start: 42, afterId: '0b7c…-id' },
      { phase: 'full', entity: 'account', start: 0, afterId: undefined },
      { phase: 'changes', entity: 'account', v: 1_234_567 },
    ];
    for (const anchor of anchors) {
      const text = encodeEmbeddedAnchor(anchor);
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeEmbeddedAnchor(text, 'account')).toEqual(anchor);
    }
  });

  it('lists changes after the start of a full read and after the version of a changes anchor', () => {
    expect(anchorVersion({ phase: 'full', entity: 'account', start: 7, afterId: 'x' })).toBe(7);
    expect(anchorVersion({ phase: 'changes', entity: 'account', v: 9 })).toBe(9);
  });

  it.each([
    ['not base64url', 'a+b/c=', 'not base64url text'],
    ['not JSON', Buffer.from('{nope').toString('base64url'), 'not JSON'],
    ['a JSON number', encodeRaw(5), 'not an object'],
    ['an unknown phase', encodeRaw({ phase: 'later', entity: 'account' }), "unknown phase 'later'"],
    ['a negative version', encodeRaw({ phase: 'changes', entity: 'account', v: -1 }), "'v' is not a version"],
    ['a text start', encodeRaw({ phase: 'full', entity: 'account', start: '3' }), "'start' is not a version"],
    ['a numeric afterId', encodeRaw({ phase: 'full', entity: 'account', start: 3, afterId: 4 }), "'afterId' is not text"],
    ['another entity', encodeRaw({ phase: 'changes', entity: 'contact', v: 1 }), "made for entity 'contact'"],
  ])('refuses an anchor that is %s with INVALID_ANCHOR naming it', (_what, anchor, reason) => {
    let thrown: unknown;
    try {
      decodeEmbeddedAnchor(anchor, 'account');
    } catch (error) {
      thrown = error;
    }
    expect(FieldsyncError.is(thrown, 'INVALID_ANCHOR')).toBe(true);
    expect((thrown as Error).message).toContain(reason);
    expect((thrown as FieldsyncError).details.anchor).toBe(anchor);
  });
});
