import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A scratch folder for credential-plugin tests: `next` names a fresh file in it, and `script` writes an executable
 * `#!/usr/bin/env node` plugin there (a script, never a shell script: nothing the tests run needs a shell).
 */
export const pluginFolder = (prefix: string): { next: (name: string) => string; script: (code: string) => string } => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let count = 0;
  const next = (name: string): string => join(dir, `${String(++count)}-${name}`);
  const script = (code: string): string => {
    const path = next('plugin.js');
    writeFileSync(path, `#!/usr/bin/env node\n${code}\n`);
    chmodSync(path, 0o755);
    return path;
  };
  return { next, script };
};
