import { BlockList, isIP } from 'node:net';

/**
 * kubectl's proxy bypass (Go's golang.org/x/net/http/httpproxy, used by net/http ProxyFromEnvironment):
 * `localhost` and loopback IPs are never proxied; a NO_PROXY entry is `*`, an IP, a CIDR, or a domain, each
 * optionally with a port. `example.com` matches the domain and its subdomains; `.example.com` and
 * `*.example.com` match subdomains only.
 */
export const bypassesProxy = (host: string, port: string, noProxy: string): boolean => {
  const hostname = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (hostname === 'localhost' || isLoopback(hostname)) return true;
  for (const raw of noProxy.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const [entryHost, entryPort] = splitHostPort(entry);
    if (entryPort && entryPort !== port) continue;
    if (entryHost.includes('/')) {
      if (inCidr(hostname, entryHost)) return true;
      continue;
    }
    if (isIP(entryHost)) {
      if (entryHost === hostname) return true;
      continue;
    }
    const domain = entryHost.startsWith('*.') ? entryHost.slice(1) : entryHost;
    if (domain.startsWith('.')) {
      if (hostname.endsWith(domain)) return true;
    } else if (hostname === domain || hostname.endsWith(`.${domain}`)) {
      return true;
    }
  }
  return false;
};

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const isLoopback = (hostname: string): boolean => {
  const family = isIP(hostname);
  if (family === 0) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(hostname)?.[1];
  if (mapped) return loopback.check(mapped, 'ipv4');
  return loopback.check(hostname, family === 4 ? 'ipv4' : 'ipv6');
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

const inCidr = (ip: string, cidr: string): boolean => {
  const family = isIP(ip);
  const [base = '', bitsText = ''] = cidr.split('/');
  const bits = Number(bitsText);
  if (family === 0 || isIP(base) !== family || !Number.isInteger(bits)) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (bits < 0 || bits > (family === 4 ? 32 : 128)) return false;
  const list = new BlockList();
  list.addSubnet(base, bits, type);
  return list.check(ip, type);
};
