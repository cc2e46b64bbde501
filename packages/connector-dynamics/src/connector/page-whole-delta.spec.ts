import type { CrmRecord } from '@fieldsync/model';
import { pageWholeDelta, type WholeDeltaPosition } from './page-whole-delta';

const row = (id: string, version: number): CrmRecord => ({ entity: 'account', id, version: `W/"${version}"`, fields: { accountid: id } });

function readAll(changed: CrmRecord[], deleted: string[], pageSize: number) {
  const pages: { records: string[]; deleted: string[] }[] = [];
  let position: WholeDeltaPosition | undefined = { after: '0', skipDeleted: 0 };
  while (position) {
    const page = pageWholeDelta(changed, deleted, position, pageSize);
    pages.push({ records: page.records.map((record) => record.id), deleted: [...page.deleted] });
    position = page.next;
  }
  return pages;
}

describe('paging a delta answer sent whole', () => {
  it('returns changed rows in version order, then the deleted ones, a page at a time', () => {
    const pages = readAll([row('c', 12), row('a', 10), row('b', 11), row('d', 13)], ['x', 'y', 'z'], 3);
    expect(pages).toEqual([
      { records: ['a', 'b', 'c'], deleted: [] },
      { records: ['d'], deleted: [] },
      { records: [], deleted: ['x', 'y', 'z'] },
    ]);
  });

  it('never splits the rows of one version across pages', () => {
    expect(readAll([row('a', 1), row('b', 2), row('c', 2), row('d', 3)], [], 2).map((page) => page.records)).toEqual([['a'], ['b', 'c'], ['d']]);
  });

  it('hands a row changed again after it was returned over again, by its new version', () => {
    const first = pageWholeDelta([row('a', 1), row('b', 2), row('c', 3)], [], { after: '0', skipDeleted: 0 }, 2);
    expect(first.records.map((record) => record.id)).toEqual(['a', 'b']);
    // 'a' changed meanwhile: the same delta link now answers it with version 4.
    const second = pageWholeDelta([row('b', 2), row('c', 3), row('a', 4)], [], first.next as WholeDeltaPosition, 2);
    expect(second.records.map((record) => record.id)).toEqual(['c', 'a']);
    expect(second.next).toBeUndefined();
  });

  it('refuses a changed row without a numeric ETag', () => {
    expect(() => pageWholeDelta([{ entity: 'account', id: 'a', fields: {} }], [], { after: '0', skipDeleted: 0 }, 5)).toThrow(/no numeric ETag/);
  });
});
