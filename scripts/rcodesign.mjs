// The rcodesign executable: HU_RCODESIGN if set, else the one scripts/rcodesign-tool.sh builds and caches.
import { execFileSync } from 'node:child_process';

let found;
export const rcodesign = () => {
  if (found) return found;
  found =
    process.env.HU_RCODESIGN ??
    execFileSync('bash', ['scripts/rcodesign-tool.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
      .trim()
      .split('\n')
      .pop();
  return found;
};
