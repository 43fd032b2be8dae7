import { isIP } from 'node:net';

/**
 * kubectl (Go's net/http ProxyFromEnvironment, golang.org/x/net/http/httpproxy) never proxies loopback hosts and
 * skips hosts matched by NO_PROXY: `*`, exact hosts, domain suffixes (`.example.com` or `example.com`), IPs and
 * CIDRs, each optionally with a port.
 */
export const bypassesProxy = (host: string, port: string, noProxy: string): boolean => {
  const hostname = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (hostname === 'localhost' || hostname.startsWith('127.') || hostname === '::1') return true;
  for (const raw of noProxy.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const [entryHost, entryPort] = splitHostPort(entry);
    if (entryPort && entryPort !== port) continue;
    if (entryHost.includes('/')) {
      if (isIP(hostname) && inCidr(hostname, entryHost)) return true;
      continue;
    }
    const domain = entryHost.replace(/^\*?\./, '');
    if (hostname === domain || hostname.endsWith(`.${domain}`)) return true;
  }
  return false;
};

const splitHostPort = (entry: string): [string, string | undefined] => {
  if (entry.startsWith('[')) {
    const end = entry.indexOf(']');
    const port = entry.slice(end + 1).replace(/^:/, '');
    return [entry.slice(1, end), port || undefined];
  }
  const colons = entry.split(':').length - 1;
  if (colons === 1) {
    const [host = '', port] = entry.split(':');
    return [host, port];
  }
  return [entry, undefined];
};

const ipv4ToNumber = (ip: string): number =>
  ip.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);

const inCidr = (ip: string, cidr: string): boolean => {
  const [base = '', bitsText = ''] = cidr.split('/');
  if (isIP(ip) !== 4 || isIP(base) !== 4) return false;
  const bits = Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (ipv4ToNumber(ip) & mask) >>> 0 === (ipv4ToNumber(base) & mask) >>> 0;
};
