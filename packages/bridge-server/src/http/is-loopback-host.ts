import { BlockList, isIP } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * True when `host` (what the bridge listens on) reaches only this machine: `localhost`, an address
 * of 127.0.0.0/8, `::1`, or an IPv4-mapped loopback address. Anything else (`0.0.0.0`, `::`, a
 * name, an interface's address) faces the network.
 * @example isLoopbackHost('127.0.0.1') // true; isLoopbackHost('0.0.0.0') // false
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost') return true;
  const family = isIP(bare);
  if (family === 4) return LOOPBACK.check(bare, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
    return mapped ? LOOPBACK.check(mapped[1], 'ipv4') : LOOPBACK.check(bare, 'ipv6');
  }
  return false;
}
