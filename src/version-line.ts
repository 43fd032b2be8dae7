declare const PLUGIN_VERSION_DEFINE: string | undefined;

export const PLUGIN_NAME = 'kubectl-harvester_upgrade';
/** Compiled in by scripts/bundle.mjs from package.json; tests run from source see the development marker. */
export const PLUGIN_VERSION = typeof PLUGIN_VERSION_DEFINE === 'string' ? PLUGIN_VERSION_DEFINE : '0.0.0-dev';

/**
 * What oclif prints for `--version` (its Config#userAgent: name/version platform-arch node-version), written
 * without loading oclif. oclif says `wsl` for the platform under Windows Subsystem for Linux, as is-wsl decides it.
 */
export const versionLine = (isWsl: boolean): string =>
  `${PLUGIN_NAME}/${PLUGIN_VERSION} ${isWsl ? 'wsl' : process.platform}-${process.arch} node-${process.version}`;
