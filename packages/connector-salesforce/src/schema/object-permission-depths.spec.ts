import { privilegesFromObjectPermissions } from './object-permission-depths';

const all = { createable: true, queryable: true, updateable: true, deletable: true };

describe('privilegesFromObjectPermissions', () => {
  it('gives owner-and-sharing reach (user) to operations describe allows, when no permission set reaches further', () => {
    expect(privilegesFromObjectPermissions(all, [{ SobjectType: 'Account', PermissionsRead: true, PermissionsEdit: true }])).toEqual({
      create: 'user',
      read: 'user',
      write: 'user',
      delete: 'user',
      append: 'user',
      appendTo: 'user',
    });
  });

  it('widens read to organization with View All and everything with Modify All, in any of the permission sets', () => {
    const viewAll = privilegesFromObjectPermissions(all, [{ SobjectType: 'Account' }, { SobjectType: 'Account', PermissionsViewAllRecords: true }]);
    expect(viewAll).toMatchObject({ read: 'organization', appendTo: 'organization', write: 'user', delete: 'user', create: 'user' });
    const modifyAll = privilegesFromObjectPermissions(all, [{ SobjectType: 'Account', PermissionsModifyAllRecords: true }]);
    expect(Object.values(modifyAll)).toEqual(Array(6).fill('organization'));
  });

  it('never grants what describe refuses, whatever the permission sets say', () => {
    const readOnly = privilegesFromObjectPermissions({ createable: false, queryable: true, updateable: false, deletable: false }, [
      { SobjectType: 'Account', PermissionsModifyAllRecords: true },
    ]);
    expect(readOnly).toEqual({ create: 'none', read: 'organization', write: 'none', delete: 'none', append: 'none', appendTo: 'organization' });
  });
});
