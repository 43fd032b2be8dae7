import { join } from 'node:path';
import { FIXTURES, REPO, runCli } from '../run-cli.js';

/**
 * Every name a user types is checked against Kubernetes' own rule for its kind before anything is read: one line,
 * exit 2. These runs have no kubeconfig, so a name that got past the check would end in exit 3 ("no kubeconfig")
 * instead; with --bundle it would be read from the bundle.
 */
const SEED = join(REPO, 'test', 'fixtures', 'drain', 'kubevirt-trap-pre-drained');
const HEALTHY = join(FIXTURES, 'healthy-3-node');

const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const NAMESPACES = "pass a namespace as 'kubectl get namespaces' lists it";
const NODES = "pass a node name as 'kubectl get nodes' lists it";

describe('names given on the command line', () => {
  it.each([
    [
      ['machines', '-n', '../../../../api/v1/secrets?x='],
      `error: -n/--namespace: "../../../../api/v1/secrets?x=" is not a valid namespace: ${LABEL}; ${NAMESPACES}`,
    ],
    [['machines', '--namespace', ''], `error: -n/--namespace: "" is not a valid namespace: ${LABEL}; ${NAMESPACES}`],
    [
      ['machines', '-n', 'fleet.local', '--bundle', HEALTHY],
      `error: -n/--namespace: "fleet.local" is not a valid namespace: must not contain dots; ${NAMESPACES}`,
    ],
    [['explain-drain', '../x'], `error: NODE: "../x" is not a valid node name: ${SUBDOMAIN}; ${NODES}`],
    [
      ['explain-drain', 'Harvester-Node-0', '--bundle', SEED],
      `error: NODE: "Harvester-Node-0" is not a valid node name: ${SUBDOMAIN}; ${NODES}`,
    ],
    [['explain-drain', '..', '--watch'], `error: NODE: ".." is not a valid node name: ${SUBDOMAIN}; ${NODES}`],
    [['fix-pdb', '--node', '..'], `error: --node: ".." is not a valid node name: ${SUBDOMAIN}; ${NODES}`],
    [
      ['fix-pdb', '--node', 'a/b', '--bundle', SEED],
      `error: --node: "a/b" is not a valid node name: ${SUBDOMAIN}; ${NODES}`,
    ],
    [['fix-pdb', '-n', 'a/b', 'web'], `error: -n/--namespace: "a/b" is not a valid namespace: ${LABEL}; ${NAMESPACES}`],
    [
      ['fix-pdb', '-n', 'default', '..', '--yes'],
      `error: NAME: ".." is not a valid PodDisruptionBudget name: may not be '..'; pass a budget name as 'kubectl get pdb -n NAMESPACE' lists it`,
    ],
    [
      ['fix-pdb', '-n', 'default', '../../../api/v1/secrets', '--bundle', SEED],
      `error: NAME: "../../../api/v1/secrets" is not a valid PodDisruptionBudget name: may not contain '/'; pass a budget name as 'kubectl get pdb -n NAMESPACE' lists it`,
    ],
  ])('%j exits 2 with one line before reading anything', (args, line) => {
    const run = runCli(args);
    expect(run.stderr.trim().split('\n')).toEqual([line]);
    expect(run.stdout).toBe('');
    expect(run.status).toBe(2);
  });

  it('escapes what it echoes: a name with control characters cannot draw on the terminal', () => {
    const run = runCli(['explain-drain', 'a\u001b]0;owned\u0007\u009b2J']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('"a\\u001b]0;owned\\u0007\\u009b2J" is not a valid node name');
    // Every control character but the final newline, which would reach the terminal as it is.
    expect(run.stderr.replace(/\n$/, '').match(/\p{Cc}/gu)).toBeNull();
  });

  it.each([
    [['machines', '-n', 'fleet-local', '--bundle', HEALTHY, '-o', 'json']],
    [['explain-drain', 'harvester-node-0', '--bundle', SEED, '-o', 'json']],
    [['fix-pdb', '--node', 'harvester-node-0', '--bundle', SEED, '-o', 'json']],
    // A budget's name is held only to the path-segment rule upstream: upper case and dots are names it may have.
    [['fix-pdb', '-n', 'harvester-system', 'virt-api-pdb', '--bundle', SEED, '-o', 'json']],
  ])('%j: real names still work', (args) => {
    const run = runCli(args);
    expect(run.stderr).toBe('');
    expect(run.status).not.toBe(2);
  });

  it('tells a valid budget name that does not exist from an invalid one', () => {
    const run = runCli(['fix-pdb', '-n', 'harvester-system', 'Web.PDB_1', '--bundle', SEED]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(
      "error: PodDisruptionBudget harvester-system/Web.PDB_1 not found; list them with 'kubectl get pdb -n harvester-system'",
    );
  });
});
