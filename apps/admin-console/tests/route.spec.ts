import { hrefOf, parseRoute } from '../src/routing/route';

describe('the console routes', () => {
  it('reads the fleet from /console and /console/devices, a device from its deep link, and anything else as not found', () => {
    expect(parseRoute('/console')).toEqual({ view: 'fleet' });
    expect(parseRoute('/console/')).toEqual({ view: 'fleet' });
    expect(parseRoute('/console/devices/')).toEqual({ view: 'fleet' });
    expect(parseRoute('/console/devices/phone%201')).toEqual({ view: 'device', deviceId: 'phone 1' });
    expect(parseRoute('/console/devices/a/b')).toEqual({ view: 'not-found', path: '/console/devices/a/b' });
  });

  it('writes a device link that reads back as the same device', () => {
    const href = hrefOf({ view: 'device', deviceId: 'a/b c' });
    expect(href).toBe('/console/devices/a%2Fb%20c');
    expect(parseRoute(href)).toEqual({ view: 'device', deviceId: 'a/b c' });
  });
});

describe('the customization routes', () => {
  it('reads the list of revisions and the editor of one revision, and refuses a revision that is not a positive number', () => {
    expect(parseRoute('/console/customizations')).toEqual({ view: 'customizations' });
    expect(parseRoute('/console/customizations/12')).toEqual({ view: 'customization', revision: 12 });
    expect(parseRoute('/console/customizations/0')).toEqual({ view: 'not-found', path: '/console/customizations/0' });
    expect(parseRoute('/console/customizations/x')).toEqual({ view: 'not-found', path: '/console/customizations/x' });
  });

  it('writes links that read back as the same view', () => {
    expect(parseRoute(hrefOf({ view: 'customizations' }))).toEqual({ view: 'customizations' });
    expect(hrefOf({ view: 'customization', revision: 3 })).toBe('/console/customizations/3');
    expect(parseRoute(hrefOf({ view: 'customization', revision: 3 }))).toEqual({ view: 'customization', revision: 3 });
  });
});

describe('the users and settings routes', () => {
  it('reads the users, a user from its deep link, and the settings; a deeper path is not found', () => {
    expect(parseRoute('/console/users')).toEqual({ view: 'users' });
    expect(parseRoute('/console/users/')).toEqual({ view: 'users' });
    expect(parseRoute('/console/users/0005%2F1')).toEqual({ view: 'user', userId: '0005/1' });
    expect(parseRoute('/console/users/a/b')).toEqual({ view: 'not-found', path: '/console/users/a/b' });
    expect(parseRoute('/console/settings')).toEqual({ view: 'settings' });
    expect(parseRoute('/console/settings/x')).toEqual({ view: 'not-found', path: '/console/settings/x' });
  });

  it('writes links that read back as the same view', () => {
    expect(hrefOf({ view: 'user', userId: 'a/b c' })).toBe('/console/users/a%2Fb%20c');
    expect(parseRoute(hrefOf({ view: 'user', userId: 'a/b c' }))).toEqual({ view: 'user', userId: 'a/b c' });
    expect(parseRoute(hrefOf({ view: 'users' }))).toEqual({ view: 'users' });
    expect(parseRoute(hrefOf({ view: 'settings' }))).toEqual({ view: 'settings' });
  });
});
