import { isLoopbackHost } from './is-loopback-host';

describe('isLoopbackHost', () => {
  it('takes localhost, 127.0.0.0/8, ::1 and IPv4-mapped loopback for loopback', () => {
    for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'])
      expect([host, isLoopbackHost(host)]).toEqual([host, true]);
  });

  it('takes every other address or name for one that faces the network', () => {
    for (const host of [
      '0.0.0.0',
      '::',
      '[::]',
      '10.0.0.5',
      '192.168.1.10',
      '128.0.0.1',
      '::ffff:10.0.0.1',
      'bridge.example.com',
      'localhost.example.com',
      '',
    ]) {
      expect([host, isLoopbackHost(host)]).toEqual([host, false]);
    }
  });
});
