import { bypassesProxy } from './no-proxy.js';

describe('bypassesProxy', () => {
  it.each(['localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1', 'LOCALHOST'])(
    'always bypasses loopback %s',
    (host) => {
      expect(bypassesProxy(host, '6443', '')).toBe(true);
    },
  );

  it('bypasses everything for *', () => {
    expect(bypassesProxy('rancher.example.org', '443', '*')).toBe(true);
    expect(bypassesProxy('10.0.0.5', '6443', 'other.org, *')).toBe(true);
  });

  it.each(['.example.com', 'example.com', '*.example.com'])('matches a subdomain with %s', (entry) => {
    expect(bypassesProxy('sub.example.com', '443', entry)).toBe(true);
    expect(bypassesProxy('a.b.example.com', '443', entry)).toBe(true);
  });

  it('matches the domain itself with an entry without a leading dot', () => {
    expect(bypassesProxy('example.com', '443', 'example.com')).toBe(true);
  });

  it('does not match a host that only ends with the same letters', () => {
    expect(bypassesProxy('notexample.com', '443', 'example.com')).toBe(false);
    expect(bypassesProxy('notexample.com', '443', '.example.com')).toBe(false);
  });

  it('compares hosts case-insensitively and ignores blanks around entries', () => {
    expect(bypassesProxy('API.Example.COM', '443', ' , other.org ,  EXAMPLE.com ')).toBe(true);
  });

  it('matches IPv4 addresses inside a CIDR only', () => {
    expect(bypassesProxy('10.1.2.3', '6443', '10.0.0.0/8')).toBe(true);
    expect(bypassesProxy('11.0.0.1', '6443', '10.0.0.0/8')).toBe(false);
    expect(bypassesProxy('192.168.1.77', '443', '192.168.1.64/26')).toBe(true);
    expect(bypassesProxy('192.168.1.128', '443', '192.168.1.64/26')).toBe(false);
  });

  it('does not match a host name against a CIDR', () => {
    expect(bypassesProxy('ten.example.com', '6443', '10.0.0.0/8')).toBe(false);
  });

  it('matches an exact IP entry', () => {
    expect(bypassesProxy('192.168.0.10', '6443', '192.168.0.10')).toBe(true);
    expect(bypassesProxy('192.168.0.11', '6443', '192.168.0.10')).toBe(false);
  });

  it('matches host:port entries on that port only', () => {
    expect(bypassesProxy('api.example.com', '8443', 'example.com:8443')).toBe(true);
    expect(bypassesProxy('api.example.com', '6443', 'example.com:8443')).toBe(false);
    expect(bypassesProxy('192.168.0.10', '6443', '192.168.0.10:6443')).toBe(true);
    expect(bypassesProxy('192.168.0.10', '443', '192.168.0.10:6443')).toBe(false);
  });

  it('does not bypass an unrelated host', () => {
    expect(bypassesProxy('rancher.other.org', '443', 'example.com,.svc,10.0.0.0/8')).toBe(false);
    expect(bypassesProxy('rancher.other.org', '443', '')).toBe(false);
  });
});
