/**
 * The CLI with fix-pdb's write-step hook installed: the entry point of the live tests that stop or kill fix-pdb at a
 * named step (dist/cli-with-steps.cjs, built beside dist/cli.cjs by scripts/bundle.mjs). The shipped CLI has no such
 * hook and reads neither variable.
 *
 * HU_TEST_KILL_AT: the steps (comma-separated) at which the process signals itself; HU_TEST_SIGNAL: the signal
 * (default SIGKILL; SIGINT plays Ctrl-C, SIGSTOP lets a test restart the API server meanwhile).
 *
 * HU_TEST_RKE2_PORTS (`kube-controller-manager=P,kube-scheduler=P,etcd=P`): the ports rke2-certificate-expiry
 * dials instead of 10257, 10259 and 2379, so the tests' TLS servers need no fixed port.
 */
import { runCli } from '../../src/cli.js';
import { setWriteStepHook } from '../../src/commands/write-steps.js';
import { RKE2_PORTS, setRke2PortsForTests, type Rke2Ports } from '../../src/cluster/rke2-certificates.js';

const steps = process.env.HU_TEST_KILL_AT?.split(',') ?? [];
const signal = process.env.HU_TEST_SIGNAL ?? 'SIGKILL';

setWriteStepHook((name) => {
  if (steps.includes(name)) process.kill(process.pid, signal);
});
const ports = process.env.HU_TEST_RKE2_PORTS;
if (ports !== undefined) {
  const given = new Map(
    ports.split(',').map((pair): [string, string] => [pair.split('=')[0] ?? '', pair.split('=')[1] ?? '']),
  );
  const chosen: Rke2Ports = {
    'kube-controller-manager': Number(given.get('kube-controller-manager') ?? RKE2_PORTS['kube-controller-manager']),
    'kube-scheduler': Number(given.get('kube-scheduler') ?? RKE2_PORTS['kube-scheduler']),
    etcd: Number(given.get('etcd') ?? RKE2_PORTS.etcd),
  };
  if (Object.values(chosen).some((port) => !Number.isInteger(port) || port <= 0 || port > 65535)) {
    throw new Error(`HU_TEST_RKE2_PORTS: ${ports} is not kube-controller-manager=P,kube-scheduler=P,etcd=P`);
  }
  setRke2PortsForTests(chosen);
}
void runCli(process.argv.slice(2));
