/**
 * `npm run bench`: loads a synthetic Harvester-shaped cluster into a real kube-apiserver and measures, in one run,
 * each command against the floor of reading the same lists with kubectl. See docs/performance.md.
 *
 * Usage: npm run bench -- [--scale 1] [--runs 5] [--json results.json] [--serve] [--compare OLD-BINARY]
 *        [--compare-runtime NODE]
 *
 * --compare runs a second binary (e.g. one built on the previous Node) in the same alternation as the first, so the
 * two are measured side by side; --runtime names the node the binary embeds, whose `node -e 0` is --version's floor
 * and which runs the client floor (npm run bench passes the pinned runtime); --compare-runtime names the node the
 * --compare binary embeds (the benchmark's own node unless given: the old binary of a runtime change).
 *
 * --serve loads the cluster, prints a kubeconfig for it and keeps it up until Ctrl-C, measuring nothing: for
 * profiling one command by hand (docs/performance.md).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, freemem, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { dump } from 'js-yaml';
import { startControlPlane, stopControlPlane, kubeconfigYaml, type ControlPlane } from '../live/control-plane';
import { apiClient, type Api } from '../live/api';
import { startKubeletStandIn } from '../live/kubelet-standin';
import { startCountingProxy } from './counting-proxy';
import { kubectlListArgs, planOf, readLikeAClient, type ClientFloorPlan } from './floor';
import { loadObject, pool } from './load-cluster';
import { namespaces, sizeAt, syntheticCluster } from './synthetic-cluster';
import { parseBundleLikeAReader } from './bundle-floor';

/** npm runs scripts from the repository root. */
const REPO = process.cwd();

interface Args {
  readonly scale: number;
  readonly runs: number;
  readonly json?: string;
  readonly binary: string;
  readonly serve: boolean;
  readonly compare?: string;
  readonly runtime: string;
  /** The node the --compare binary embeds (its --version floor); the benchmark's own node unless given. */
  readonly compareRuntime: string;
}

const parseArgs = (argv: readonly string[]): Args => {
  const value = (flag: string): string | undefined => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const scale = Number(value('--scale') ?? '1');
  const runs = Number(value('--runs') ?? '5');
  if (!(scale > 0) || !Number.isInteger(runs) || runs < 1) {
    throw new Error('usage: npm run bench -- [--scale N>0] [--runs N>=1] [--json FILE] [--serve]');
  }
  const binary = value('--binary') ?? join(REPO, 'dist', 'kubectl-harvester_upgrade');
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run npm run build first`);
  const compare = value('--compare');
  if (compare !== undefined && !existsSync(compare)) throw new Error(`--compare ${compare}: no such binary`);
  const runtime = value('--runtime') ?? process.execPath;
  const compareRuntime = value('--compare-runtime') ?? process.execPath;
  return {
    scale,
    runs,
    json: value('--json'),
    binary,
    serve: argv.includes('--serve'),
    compare,
    runtime,
    compareRuntime,
  };
};

const log = (message: string): void => {
  process.stderr.write(`bench: ${message}\n`);
};

/** Every child runs without NODE_EXTRA_CA_CERTS: it adds ~100 ms to each Node start on these machines. */
const childEnv = (kubeconfig: string, home: string): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, KUBECONFIG: kubeconfig, HOME: home, NO_COLOR: '1' };
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.NODE_OPTIONS;
  return env;
};

interface Run {
  readonly ms: number;
  readonly code: number;
  readonly maxRssKb?: number;
}

/** Runs the commands in parallel, output to /dev/null; wall time until the last one exits. Precheck's exit 1 (findings) is a success. */
const runAll = (
  commands: readonly (readonly string[])[],
  env: NodeJS.ProcessEnv,
  rssFile?: string,
  okCodes: readonly number[] = [0, 1],
): Promise<Run> => {
  const started = performance.now();
  return Promise.all(
    commands.map(
      (command) =>
        new Promise<number>((done, fail) => {
          const [file, ...args] = command;
          if (file === undefined) {
            done(0);
            return;
          }
          const child = spawn(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
          let stderr = '';
          child.stderr.on('data', (chunk: Buffer) => {
            stderr += chunk.toString('utf8');
          });
          child.on('error', fail);
          child.on('exit', (code) => {
            if (code === null || !okCodes.includes(code)) {
              fail(new Error(`${command.join(' ')} exited ${String(code)}: ${stderr.slice(0, 400)}`));
              return;
            }
            done(code);
          });
        }),
    ),
  ).then((codes) => {
    const ms = performance.now() - started;
    const rss =
      rssFile && existsSync(rssFile)
        ? /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(rssFile, 'utf8'))
        : null;
    return { ms, code: Math.max(0, ...codes), ...(rss?.[1] ? { maxRssKb: Number(rss[1]) } : {}) };
  });
};

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

interface Scenario {
  readonly name: string;
  readonly args: readonly string[];
}

interface Measured {
  readonly name: string;
  readonly oursMs: number;
  readonly floorMs: number;
  readonly floorVariant: string;
  readonly ratio: number;
  readonly oursRequests: number;
  readonly oursBytes: number;
  readonly listKinds: number;
  readonly pagesPerKind: string;
  readonly nodeCalls: number;
  readonly floorRequests: number;
  readonly floorBytes: number;
  readonly maxRssMb: number;
  readonly exitCode: number;
  readonly runs: { readonly ours: readonly number[]; readonly floor: readonly number[] };
  /** The client floor (test/bench/floor.ts readLikeAClient); absent for --bundle, whose floor is already one process. */
  readonly clientFloorMs?: number;
  /** The --compare binary, measured in the same alternation. */
  readonly compare?: { readonly ms: number; readonly maxRssMb: number };
}

/** One timed run under /usr/bin/time -v: wall time, exit code and peak RSS. */
const timed = async (command: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> => {
  const rssFile = join(tmpdir(), `hu-bench-rss-${String(process.pid)}.txt`);
  const result = await runAll([['/usr/bin/time', '-v', '-o', rssFile, ...command]], env, rssFile);
  rmSync(rssFile, { force: true });
  return result;
};

const compared = (runs: readonly Run[]): { ms: number; maxRssMb: number } | undefined =>
  runs.length === 0
    ? undefined
    : { ms: median(runs.map((r) => r.ms)), maxRssMb: Math.max(0, ...runs.map((r) => r.maxRssKb ?? 0)) / 1024 };

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  const size = sizeAt(args.scale);
  const assetsOutput = execFileSync('bash', [join(REPO, 'scripts', 'test-binaries.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const assets = assetsOutput.trim().split('\n').pop() ?? '';
  const kubectl = existsSync(join(assets, 'kubectl')) ? join(assets, 'kubectl') : 'kubectl';
  log(`starting etcd and kube-apiserver from ${assets.replace(process.env.HOME ?? '\0', '~')}`);
  const plane = await startControlPlane(assets, {
    etcdArgs: ['--quota-backend-bytes=8589934592'],
    // RKE2's setting: nodes also list their Hostname address, which must not be dialled first.
    apiServerArgs: ['--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname'],
  });
  const work = mkdtempSync(join(tmpdir(), 'hu-bench-'));
  try {
    await benchmark(args, size, plane, kubectl, work);
  } finally {
    stopControlPlane(plane);
    rmSync(work, { recursive: true, force: true });
  }
};

const benchmark = async (
  args: Args,
  size: ReturnType<typeof sizeAt>,
  plane: ControlPlane,
  kubectl: string,
  work: string,
): Promise<void> => {
  const kubelet = await startKubeletStandIn(join(plane.dir, 'pki'), {
    usedBytes: 40e9,
    capacityBytes: 250e9,
    availableBytes: 210e9,
    imageGCHighThresholdPercent: 85,
  });
  const admin = apiClient(plane.server, plane.caFile, plane.adminToken);
  const loadStart = performance.now();
  for (const namespace of namespaces()) {
    if (namespace === 'default' || namespace === 'kube-system') continue;
    await admin.must('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
  }
  let added = 0;
  const objects = await pool(syntheticCluster(size, kubelet), 32, async (object) => {
    await loadObject(admin, object);
    if (++added % 10_000 === 0) log(`loaded ${String(added)} objects`);
  });
  const loadSeconds = (performance.now() - loadStart) / 1000;
  log(`loaded ${String(objects)} objects in ${loadSeconds.toFixed(0)} s`);

  const home = join(work, 'home');
  mkdirSync(home);
  const kubeconfig = join(work, 'kubeconfig');
  writeFileSync(kubeconfig, kubeconfigYaml(plane.server, plane.caFile, { admin: plane.adminToken }));
  const env = childEnv(kubeconfig, home);
  if (args.serve) {
    log(`serving; until Ctrl-C: export KUBECONFIG=${kubeconfig}`);
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await kubelet.close();
    return;
  }
  const proxy = await startCountingProxy(plane.server, plane.caFile, plane.adminToken);
  const proxyConfig = join(work, 'kubeconfig-proxy');
  writeFileSync(
    proxyConfig,
    kubeconfigYaml(proxy.url, plane.caFile, { admin: plane.adminToken }).replace(
      /, certificate-authority: "[^"]*"/,
      '',
    ),
  );
  const proxyEnv = childEnv(proxyConfig, home);

  const node = `hv-node-${String(Math.min(5, size.nodes - 1)).padStart(4, '0')}`;
  const scenarios: Scenario[] = [
    { name: 'precheck', args: ['precheck', '-o', 'json'] },
    { name: `explain-drain ${node}`, args: ['explain-drain', node, '-o', 'json'] },
  ];
  const results: Measured[] = [];
  for (const scenario of scenarios) {
    results.push(await measure(args, scenario, { env, proxyEnv, proxy, kubectl, work, plane }));
  }
  await proxy.close();

  const bundle = await dumpBundle(admin, work);
  results.push(await measureBundle(args, bundle, env));
  const version = await measureVersion(args, env);
  await kubelet.close();

  const report = renderReport(args, size, objects, loadSeconds, results, version);
  process.stdout.write(report);
  if (args.json) {
    writeFileSync(
      args.json,
      JSON.stringify({ size, objects, loadSeconds, results, version, machine: machine() }, null, 2),
    );
  }
};

interface Context {
  readonly env: NodeJS.ProcessEnv;
  readonly proxyEnv: NodeJS.ProcessEnv;
  readonly proxy: Awaited<ReturnType<typeof startCountingProxy>>;
  readonly kubectl: string;
  readonly work: string;
  readonly plane: ControlPlane;
}

const measure = async (args: Args, scenario: Scenario, context: Context): Promise<Measured> => {
  const { env, proxyEnv, proxy, kubectl, work, plane } = context;
  // Counting pass: what the plugin asks of the API server.
  proxy.counted.length = 0;
  const counted = await runAll([[args.binary, ...scenario.args]], proxyEnv);
  if (counted.code > 1) throw new Error(`${scenario.name} exited ${String(counted.code)}`);
  const ours = [...proxy.counted];
  // A benchmark of a run that failed to read is worthless: every list and kubelet call must have answered 200.
  const failed = ours.filter((c) => c.status !== 200);
  if (failed.length > 0) {
    throw new Error(`${scenario.name}: ${failed.map((c) => `${String(c.status)} ${c.method} ${c.url}`).join(', ')}`);
  }
  const plan = planOf(ours);
  const pages = plan.lists.map((list) => ours.filter((c) => c.url.split('?')[0] === list.url.split('?')[0]).length);
  log(
    `${scenario.name}: ${String(plan.lists.length)} lists, ${String(ours.length - plan.lists.length - plan.nodeCalls.length - plan.other.length)} further pages, ${String(plan.nodeCalls.length)} kubelet calls, other: ${plan.other.map((c) => `${c.method} ${c.url}`).join(', ')}`,
  );
  const pageSummary = pages.length ? `${String(Math.min(...pages))}–${String(Math.max(...pages))}` : '0';

  // The floor: the same lists with kubectl, all at once, plus the same kubelet reads with one parallel curl.
  const curlConfig = join(work, `curl-${String(Date.now())}.conf`);
  writeFileSync(
    curlConfig,
    plan.nodeCalls.map((call) => `url = "${plane.server}${call.url}"\noutput = "/dev/null"\n`).join(''),
  );
  const curl = plan.nodeCalls.length
    ? [
        [
          'curl',
          '-s',
          '--parallel',
          '--parallel-max',
          '8',
          '--cacert',
          plane.caFile,
          '-H',
          `Authorization: Bearer ${plane.adminToken}`,
          '--config',
          curlConfig,
        ],
      ]
    : [];
  // kubectl asks for gzip as the plugin does, so both move the same bytes.
  const floor = [...plan.lists.map((list) => [kubectl, ...kubectlListArgs(list)]), ...curl];
  // Counting pass for the floor (through the proxy); it also fills kubectl's discovery cache, as an operator's is.
  proxy.counted.length = 0;
  await runAll(
    plan.lists.map((list) => [kubectl, ...kubectlListArgs(list)]),
    proxyEnv,
    undefined,
    [0],
  );
  const floorCounted = [...proxy.counted].filter(
    (c) => !c.url.startsWith('/api?') && c.url !== '/api' && !c.url.startsWith('/apis?') && c.url !== '/apis',
  );

  const clientPlan: ClientFloorPlan = {
    server: plane.server,
    caFile: plane.caFile,
    token: plane.adminToken,
    lists: plan.lists.map((list) => ({ url: list.url, accept: list.accept })),
    nodeCalls: plan.nodeCalls.map((call) => call.url),
  };
  const planFile = join(work, `client-floor-${String(Date.now())}.json`);
  writeFileSync(planFile, JSON.stringify(clientPlan));
  const clientFloor = [args.runtime, __filename, '--client-floor', planFile];

  // Floors and plugin alternate, so a slow patch of the machine hits all of them.
  const oursRuns: number[] = [];
  const rss: number[] = [];
  const floorRuns: number[] = [];
  const clientRuns: number[] = [];
  const compareRuns: Run[] = [];
  let exitCode = 0;
  for (let run = 0; run < args.runs; run++) {
    floorRuns.push((await runAll(floor, env, undefined, [0])).ms);
    clientRuns.push((await runAll([clientFloor], env, undefined, [0])).ms);
    const result = await timed([args.binary, ...scenario.args], env);
    oursRuns.push(result.ms);
    exitCode = result.code;
    if (result.maxRssKb) rss.push(result.maxRssKb);
    if (args.compare) compareRuns.push(await timed([args.compare, ...scenario.args], env));
  }
  const floorMs = median(floorRuns);
  const clientFloorMs = median(clientRuns);
  const oursMs = median(oursRuns);
  log(
    `${scenario.name}: ${oursMs.toFixed(0)} ms vs floor ${floorMs.toFixed(0)} ms, client floor ${clientFloorMs.toFixed(0)} ms`,
  );
  return {
    name: scenario.name,
    oursMs,
    floorMs,
    floorVariant: plan.nodeCalls.length ? 'kubectl get -o json, + curl for kubelet' : 'kubectl get -o json',
    ratio: oursMs / floorMs,
    oursRequests: ours.length,
    oursBytes: ours.reduce((sum, c) => sum + c.bytes, 0),
    listKinds: plan.lists.length,
    pagesPerKind: pageSummary,
    nodeCalls: plan.nodeCalls.length,
    floorRequests: floorCounted.length + plan.nodeCalls.length,
    floorBytes: floorCounted.reduce((sum, c) => sum + c.bytes, 0) + plan.nodeCalls.reduce((sum, c) => sum + c.bytes, 0),
    maxRssMb: Math.max(0, ...rss) / 1024,
    exitCode,
    runs: { ours: oursRuns, floor: floorRuns },
    clientFloorMs,
    compare: compared(compareRuns),
  };
};

interface BundleDump {
  readonly zip: string;
  readonly bytes: number;
  readonly entries: readonly string[];
}

/**
 * A support bundle of the loaded cluster, laid out as support-bundle-kit writes one (`yamls/namespaced/<ns>/<group>/
 * <version>/<plural>.yaml`, one `<Kind>List` per file, the core group as just `v1`), holding every kind precheck
 * reads except Secrets (bundles carry none), zipped.
 */
const dumpBundle = async (admin: Api, work: string): Promise<BundleDump> => {
  const root = join(work, 'bundle', 'supportbundle_bench');
  const proxyLess = await listPaths(admin);
  const entries: string[] = [];
  for (const { path, group, version, kind } of proxyLess) {
    const items: Record<string, unknown>[] = [];
    let token: string | undefined;
    do {
      const answer = (await admin.must(
        'GET',
        `${path}?limit=500${token ? `&continue=${encodeURIComponent(token)}` : ''}`,
      )) as {
        items: Record<string, unknown>[];
        metadata: { continue?: string };
      };
      items.push(...answer.items);
      token = answer.metadata.continue === '' ? undefined : answer.metadata.continue;
    } while (token);
    const byNamespace = new Map<string, Record<string, unknown>[]>();
    for (const item of items) {
      const namespace = (item.metadata as { namespace?: string }).namespace ?? '';
      const list = byNamespace.get(namespace) ?? [];
      list.push({ apiVersion: group ? `${group}/${version}` : version, kind, ...item });
      byNamespace.set(namespace, list);
    }
    const plural = path.split('/').pop() ?? '';
    for (const [namespace, list] of byNamespace) {
      const folder = namespace
        ? join(root, 'yamls', 'namespaced', namespace, ...(group ? [group, version] : [version]))
        : join(root, 'yamls', 'cluster', ...(group ? [group, version] : [version]));
      mkdirSync(folder, { recursive: true });
      const file = join(folder, `${plural}.yaml`);
      writeFileSync(
        file,
        dump(
          { apiVersion: group ? `${group}/${version}` : version, kind: `${kind}List`, items: list },
          { lineWidth: -1, noRefs: true },
        ),
      );
      entries.push(file);
    }
  }
  writeFileSync(join(root, 'metadata.yaml'), 'bundlecreatedat: "2026-11-22T10:00:00Z"\n');
  const zip = join(work, 'bundle', 'supportbundle_bench.zip');
  execFileSync('zip', ['-qr', zip, 'supportbundle_bench'], { cwd: join(work, 'bundle') });
  rmSync(root, { recursive: true, force: true });
  return { zip, bytes: statSync(zip).size, entries };
};

/** Every collection precheck lists, with its kind (from the server's own discovery). */
const listPaths = async (admin: Api): Promise<{ path: string; group: string; version: string; kind: string }[]> => {
  const core = (await admin.must('GET', '/api/v1')) as {
    resources: { name: string; kind: string; namespaced: boolean }[];
  };
  const wantedCore = ['nodes', 'pods', 'namespaces'];
  const paths = core.resources
    .filter((r) => wantedCore.includes(r.name))
    .map((r) => ({ path: `/api/v1/${r.name}`, group: '', version: 'v1', kind: r.kind }));
  const groups = (await admin.must('GET', '/apis')) as {
    groups: { name: string; preferredVersion: { version: string } }[];
  };
  for (const group of groups.groups) {
    if (!/harvesterhci|kubevirt|longhorn|cattle|x-k8s|whereabouts|^policy$|^batch$/.test(group.name)) continue;
    const version = group.preferredVersion.version;
    const resources = (await admin.must('GET', `/apis/${group.name}/${version}`)) as {
      resources: { name: string; kind: string }[];
    };
    for (const resource of resources.resources) {
      if (resource.name.includes('/')) continue;
      paths.push({
        path: `/apis/${group.name}/${version}/${resource.name}`,
        group: group.name,
        version,
        kind: resource.kind,
      });
    }
  }
  return paths;
};

const measureBundle = async (args: Args, bundle: BundleDump, env: NodeJS.ProcessEnv): Promise<Measured> => {
  const ours = [args.binary, 'precheck', '--bundle', bundle.zip, '-o', 'json'];
  // On the node the binary embeds, as the client floor: a parser's speed differs between Node lines.
  const floor = [args.runtime, __filename, '--bundle-floor', bundle.zip];
  await runAll([ours], env);
  const oursRuns: number[] = [];
  const floorRuns: number[] = [];
  const rss: number[] = [];
  const compareRuns: Run[] = [];
  let exitCode = 0;
  for (let run = 0; run < args.runs; run++) {
    floorRuns.push((await runAll([floor], env, undefined, [0])).ms);
    const result = await timed(ours, env);
    oursRuns.push(result.ms);
    exitCode = result.code;
    if (result.maxRssKb) rss.push(result.maxRssKb);
    if (args.compare) compareRuns.push(await timed([args.compare, ...ours.slice(1)], env));
  }
  const oursMs = median(oursRuns);
  const floorMs = median(floorRuns);
  log(`precheck --bundle: ${oursMs.toFixed(0)} ms vs floor ${floorMs.toFixed(0)} ms`);
  return {
    name: `precheck --bundle (zip, ${(bundle.bytes / 1e6).toFixed(0)} MB)`,
    oursMs,
    floorMs,
    floorVariant: 'unzip + YAML parse of the same files',
    ratio: oursMs / floorMs,
    oursRequests: 0,
    oursBytes: bundle.bytes,
    listKinds: bundle.entries.length,
    pagesPerKind: '-',
    nodeCalls: 0,
    floorRequests: 0,
    floorBytes: bundle.bytes,
    maxRssMb: Math.max(0, ...rss) / 1024,
    exitCode,
    runs: { ours: oursRuns, floor: floorRuns },
    compare: compared(compareRuns),
  };
};

interface VersionTiming {
  readonly nodeMs: number;
  readonly versionMs: number;
  readonly ratio: number;
  /** The --compare binary against the node running the benchmark (the old binary's own runtime). */
  readonly compare?: { readonly nodeMs: number; readonly versionMs: number; readonly ratio: number };
}

const measureVersion = async (args: Args, env: NodeJS.ProcessEnv): Promise<VersionTiming> => {
  const node: number[] = [];
  const version: number[] = [];
  const oldNode: number[] = [];
  const oldVersion: number[] = [];
  for (let run = 0; run < 5 * args.runs; run++) {
    node.push((await runAll([[args.runtime, '-e', '0']], env)).ms);
    version.push((await runAll([[args.binary, '--version']], env)).ms);
    if (!args.compare) continue;
    oldNode.push((await runAll([[args.compareRuntime, '-e', '0']], env)).ms);
    oldVersion.push((await runAll([[args.compare, '--version']], env)).ms);
  }
  const nodeMs = median(node);
  const versionMs = median(version);
  const compare = args.compare
    ? { nodeMs: median(oldNode), versionMs: median(oldVersion), ratio: median(oldVersion) / median(oldNode) }
    : undefined;
  return { nodeMs, versionMs, ratio: versionMs / nodeMs, ...(compare ? { compare } : {}) };
};

const machine = (): string =>
  `${String(cpus().length)} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB (${(freemem() / 2 ** 30).toFixed(0)} free), Node ${process.version}`;

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

const renderReport = (
  args: Args,
  size: ReturnType<typeof sizeAt>,
  objects: number,
  loadSeconds: number,
  results: readonly Measured[],
  version: VersionTiming,
): string => {
  const lines = [
    `Cluster: ${String(size.nodes)} nodes, ${String(size.pods)} pods, ${String(size.pdbs)} PDBs, ${String(size.vms)} VMs/VMIs, ${String(size.volumes)} volumes (${String(objects)} objects, loaded in ${loadSeconds.toFixed(0)} s)`,
    `Machine: ${machine()}`,
    `Runs: median of ${String(args.runs)}`,
    '',
    '| Command | Wall | Floor | Ratio | Client floor | Ratio | Requests (lists × pages, kubelet) | Bytes | Floor requests / bytes | Peak RSS | Exit |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- | ---: | ---: |',
    ...results.map(
      (r) =>
        `| \`${r.name}\` | ${(r.oursMs / 1000).toFixed(2)} s | ${(r.floorMs / 1000).toFixed(2)} s (${r.floorVariant}) | ${r.ratio.toFixed(2)}× | ${r.clientFloorMs === undefined ? '-' : `${(r.clientFloorMs / 1000).toFixed(2)} s`} | ${r.clientFloorMs === undefined ? '-' : `${(r.oursMs / r.clientFloorMs).toFixed(2)}×`} | ${String(r.oursRequests)} (${String(r.listKinds)} lists × ${r.pagesPerKind} pages, ${String(r.nodeCalls)} kubelet) | ${mb(r.oursBytes)} | ${String(r.floorRequests)} / ${mb(r.floorBytes)} | ${r.maxRssMb.toFixed(0)} MB | ${String(r.exitCode)} |`,
    ),
    '',
    `\`--version\`: ${version.versionMs.toFixed(0)} ms vs \`node -e 0\` (${args.runtime === process.execPath ? process.version : 'its runtime'}) ${version.nodeMs.toFixed(0)} ms: ${version.ratio.toFixed(2)}×`,
    ...(args.compare
      ? [
          '',
          `Side by side with --compare ${args.compare} (same alternation):`,
          '',
          '| Command | Wall (this) | Wall (compare) | Peak RSS (this) | Peak RSS (compare) |',
          '| --- | ---: | ---: | ---: | ---: |',
          ...results.map(
            (r) =>
              `| \`${r.name}\` | ${(r.oursMs / 1000).toFixed(2)} s | ${r.compare ? `${(r.compare.ms / 1000).toFixed(2)} s` : '-'} | ${r.maxRssMb.toFixed(0)} MB | ${r.compare ? `${r.compare.maxRssMb.toFixed(0)} MB` : '-'} |`,
          ),
          '',
          version.compare
            ? `\`--version\` (compare): ${version.compare.versionMs.toFixed(0)} ms vs \`node -e 0\` (${args.compareRuntime === process.execPath ? process.version : 'its runtime'}) ${version.compare.nodeMs.toFixed(0)} ms: ${version.compare.ratio.toFixed(2)}×`
            : '',
        ]
      : []),
    '',
  ];
  return lines.join('\n');
};

if (process.argv[2] === '--client-floor') {
  readLikeAClient(JSON.parse(readFileSync(process.argv[3] ?? '', 'utf8')) as ClientFloorPlan)
    .then((pages) => {
      process.stderr.write(`${String(pages)} pages\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 3;
    });
} else if (process.argv[2] === '--bundle-floor') {
  parseBundleLikeAReader(process.argv[3] ?? '')
    .then((documents) => {
      process.stderr.write(`${String(documents)} documents\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 3;
    });
} else {
  main().catch((error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
