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
