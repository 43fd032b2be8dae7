// What differs per platform when a Node SEA is made (Node's single-executable-applications docs, v26): Windows
// executables need .exe; on macOS the blob goes into a Mach-O segment named NODE_SEA (node --build-sea does that
// itself), and the binary must be signed again afterwards, since arm64 macOS kills unsigned binaries. On macOS the
// system's codesign signs; elsewhere rcodesign (apple-codesign) makes the same ad hoc signature.

/** krew's os/arch names (Go's GOOS/GOARCH) for a Node platform and arch. */
export const krewPlatform = (platform = process.platform, arch = process.arch) => {
  const os = { linux: 'linux', darwin: 'darwin', win32: 'windows' }[platform];
  const goarch = { x64: 'amd64', arm64: 'arm64' }[arch];
  if (!os || !goarch) throw new Error(`unsupported platform ${platform}/${arch}`);
  return { os, arch: goarch };
};

/** The krew name of this machine's platform, "os/arch". */
export const hostTarget = () => {
  const { os, arch } = krewPlatform();
  return `${os}/${arch}`;
};

/** The binary's file name as krew's manifest names it, for a Node platform or a krew os. */
export const binaryName = (platform = process.platform) =>
  platform === 'win32' || platform === 'windows' ? 'kubectl-harvester_upgrade.exe' : 'kubectl-harvester_upgrade';

/** Where a target's binary is built: dist/<os>_<arch>/<binary>. */
export const targetBinary = (target) => {
  const [os] = target.split('/');
  return `dist/${target.replace('/', '_')}/${binaryName(os)}`;
};

/**
 * Commands around `node --build-sea` for a target ("os/arch"), with `out` standing for the binary's path and `node`
 * for the copy of the runtime it is built from; `host` is the building machine ({platform, arch} as Node names them).
 */
export const seaSteps = (target, out, node = 'node', host = { platform: process.platform, arch: process.arch }) => {
  const [os, arch] = target.split('/');
  // The registry's Linux nodes carry debug info (about 35 MB). The host's strip reads only its own architecture;
  // Debian's binutils-aarch64-linux-gnu strips arm64.
  const strip = arch === 'arm64' && host.arch !== 'arm64' ? 'aarch64-linux-gnu-strip' : 'strip';
  const sign = host.platform === 'darwin' ? ['codesign', '--sign', '-', '--force', out] : ['rcodesign', 'sign', out];
  return {
    strip: os === 'linux' ? [[strip, node]] : [],
    afterBuild: os === 'darwin' ? [sign] : [],
  };
};
