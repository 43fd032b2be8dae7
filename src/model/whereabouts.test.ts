import { anIpPool } from '../../test/longhorn-builders.js';
import { allocationCount, formatIpv4, ipPoolName, parseIpv4, parseIpv4Cidr, usableIpCount } from './whereabouts.js';

describe('parseIpv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['10.0.0.1', 167772161],
    ['192.168.1.10', 3232235786],
    ['255.255.255.255', 4294967295],
    [' 172.16.0.1 ', 2886729729],
  ])('reads %j', (text, value) => {
    expect(parseIpv4(text)).toBe(value);
  });

  it.each(['', '10.0.0', '10.0.0.1.2', '256.0.0.1', '10.0.0.01', 'fd00::1', '10.0.0.-1', 'a.b.c.d', '10..0.1'])(
    'refuses %j',
    (text) => {
      expect(parseIpv4(text)).toBeUndefined();
    },
  );

  it('formats back', () => {
    expect(formatIpv4(3232235786)).toBe('192.168.1.10');
    expect(formatIpv4(4294967295)).toBe('255.255.255.255');
  });
});

describe('parseIpv4Cidr', () => {
  it('clears host bits as Whereabouts does', () => {
    expect(parseIpv4Cidr('192.168.1.10/24')).toEqual({
      first: 3232235776,
      last: 3232236031,
      prefix: 24,
      cidr: '192.168.1.0/24',
    });
  });

  it('handles /0 and /32 without overflowing', () => {
    expect(parseIpv4Cidr('10.1.2.3/0')).toEqual({ first: 0, last: 4294967295, prefix: 0, cidr: '0.0.0.0/0' });
    expect(parseIpv4Cidr('10.1.2.3/32')).toMatchObject({ first: 167838211, last: 167838211, cidr: '10.1.2.3/32' });
  });

  it.each(['10.0.0.0', '10.0.0.0/33', '10.0.0.0/', '10.0.0.0/24/1', 'fd00::/64', '10.0.0.0/-1', '10.0.0.0/2a'])(
    'refuses %j',
    (text) => {
      expect(parseIpv4Cidr(text)).toBeUndefined();
    },
  );
});

describe('usableIpCount', () => {
  it('leaves out the network and broadcast addresses', () => {
    expect(usableIpCount('192.168.1.0/24')).toBe(254);
    expect(usableIpCount('10.0.0.0/29')).toBe(6);
    expect(usableIpCount('10.0.0.0/30')).toBe(2);
  });

  it('has nothing to hand out in a /31 or /32', () => {
    expect(usableIpCount('10.0.0.0/31')).toBe(0);
    expect(usableIpCount('10.0.0.1/32')).toBe(0);
  });

  it('counts the whole block when the range has host bits set', () => {
    expect(usableIpCount('192.168.1.10/24')).toBe(254);
  });

  it('subtracts excluded blocks', () => {
    expect(usableIpCount('192.168.1.0/24', ['192.168.1.1/32'])).toBe(253);
    expect(usableIpCount('192.168.1.0/24', ['192.168.1.0/28', '192.168.1.200/29'])).toBe(254 - 15 - 8);
  });

  it('counts overlapping and nested excludes once', () => {
    expect(usableIpCount('10.0.0.0/24', ['10.0.0.0/25', '10.0.0.64/26', '10.0.0.100/32'])).toBe(254 - 127);
    expect(usableIpCount('10.0.0.0/24', ['10.0.0.16/28', '10.0.0.24/29', '10.0.0.28/30'])).toBe(254 - 16);
  });

  it('merges adjacent excludes and ignores ones outside the range', () => {
    expect(usableIpCount('10.0.0.0/24', ['10.0.0.16/29', '10.0.0.24/29', '10.0.1.0/24'])).toBe(254 - 16);
  });

  it('clips an exclude wider than the range', () => {
    expect(usableIpCount('10.0.0.0/29', ['10.0.0.0/16'])).toBe(0);
  });

  it('is undefined for an unreadable range or exclude', () => {
    expect(usableIpCount('fd00::/64')).toBeUndefined();
    expect(usableIpCount('10.0.0.0/24', ['10.0.0.1'])).toBeUndefined();
  });
});

describe('ipPoolName', () => {
  it('names the pool after the canonical range', () => {
    expect(ipPoolName('192.168.1.0/24')).toBe('192.168.1.0-24');
    expect(ipPoolName('192.168.1.10/24')).toBe('192.168.1.0-24');
  });

  it('is undefined for what is not an IPv4 CIDR', () => {
    expect(ipPoolName('fd00::/64')).toBeUndefined();
  });
});

describe('allocationCount', () => {
  it('counts the allocations, none when the pool has no spec', () => {
    expect(allocationCount(anIpPool('10.0.0.0/24', 4))).toBe(4);
    expect(allocationCount({ metadata: { name: 'empty' } })).toBe(0);
  });
});
