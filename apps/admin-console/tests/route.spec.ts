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
