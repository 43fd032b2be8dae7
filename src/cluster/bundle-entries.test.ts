import { unsafeZipName } from './bundle-entries.js';

describe('unsafeZipName', () => {
  it.each(['../x', 'a/../../x', '..\\x', 'a\\..\\x', 'bundle/..'])('refuses %j for its ".."', (name) => {
    expect(unsafeZipName(name)).toBe('contains ".."');
  });

  it.each(['/etc/passwd', 'C:\\x', 'c:/x', '\\\\server\\share\\x'])('refuses the absolute path %j', (name) => {
    expect(unsafeZipName(name)).toBe('is an absolute path');
  });

  it('refuses a NUL byte', () => {
    expect(unsafeZipName('a\0b.yaml')).toBe('contains a NUL byte');
  });

  it.each(['bundle/yamls/cluster/v1/nodes.yaml', 'bundle/', 'a/..b/c..yaml', 'logs/x.log'])('accepts %j', (name) => {
    expect(unsafeZipName(name)).toBeUndefined();
  });
});
