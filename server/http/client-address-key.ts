import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key a per-address limit counts under. An IPv6 host usually holds a
 * whole /64, so counting single IPv6 addresses would let it try 2^64 times;
 * IPv6 addresses are counted by their /64, IPv4 (and IPv4-mapped IPv6) by the
 * address. Logs keep the full address.
 */
export function clientAddressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return address;
  const withoutZone = address.split('%')[0]!;
  const [head = '', tail] = withoutZone.split('::') as [string, string | undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(Math.max(missing, 0)).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
