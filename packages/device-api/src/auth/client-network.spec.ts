import { clientNetwork } from './client-network';

describe('clientNetwork', () => {
  it('keeps an IPv4 address, also when IPv4-mapped', () => {
    expect(clientNetwork('10.1.2.3')).toBe('10.1.2.3');
    expect(clientNetwork('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(clientNetwork('::FFFF:192.168.0.9')).toBe('192.168.0.9');
  });

  it('counts every address of an IPv6 /64 as one network', () => {
    expect(clientNetwork('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:0DB8:0001:0002:ffff:ffff:ffff:fffe')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
    expect(clientNetwork('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientNetwork('2001:db8::')).toBe('2001:db8:0:0::/64');
  });

  it('answers undefined for no address or something that is not one', () => {
    expect(clientNetwork(undefined)).toBeUndefined();
    expect(clientNetwork('')).toBeUndefined();
    expect(clientNetwork('example.com')).toBeUndefined();
  });
});
