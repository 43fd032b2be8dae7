// What differs per platform when a Node SEA is made (Node's single-executable-applications docs, v20):
// Windows executables need .exe; on macOS the blob goes into a Mach-O segment named NODE_SEA, and the copied
// node's signature must be removed before injecting and replaced (ad hoc) afterwards, since arm64 macOS kills
// unsigned binaries. Only the Linux path can run on this project's machine; the release workflow runs the others.

/** krew's os/arch names (Go's GOOS/GOARCH) for a Node platform and arch. */
export const krewPlatform = (platform = process.platform, arch = process.arch) => {
  const os = { linux: 'linux', darwin: 'darwin', win32: 'windows' }[platform];
  const goarch = { x64: 'amd64', arm64: 'arm64' }[arch];
  if (!os || !goarch) throw new Error(`unsupported platform ${platform}/${arch}`);
  return { os, arch: goarch };
};

/** The binary's file name as krew's manifest names it. */
export const binaryName = (platform = process.platform) =>
  platform === 'win32' ? 'kubectl-harvester_upgrade.exe' : 'kubectl-harvester_upgrade';

/** Commands around the postject injection: [program, ...args] with `out` standing for the binary's path. */
export const seaSteps = (platform, out) => ({
  // strip drops the Debian node's debug info (about 12 MB); macOS and Windows nodes ship without it.
  strip: platform === 'linux' ? [['strip', out]] : [],
  beforeInject: platform === 'darwin' ? [['codesign', '--remove-signature', out]] : [],
  postjectArgs: platform === 'darwin' ? ['--macho-segment-name', 'NODE_SEA'] : [],
  afterInject: platform === 'darwin' ? [['codesign', '--sign', '-', out]] : [],
});
