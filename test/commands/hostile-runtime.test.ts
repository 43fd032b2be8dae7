import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, FIXTURES, REPO, runCli, type CliRun } from '../run-cli.js';

/**
 * The runtime half of issue #22: flags that are given twice or cannot be timers, a watch on an error that cannot
 * heal, a TLS server that never finishes its handshake, and a terminal that reports 0 columns. No API server is
 * needed: loopback listeners stand in for it.
 */
const BUNDLE = join(FIXTURES, 'healthy-3-node');
let folder: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'hu-runtime-'));
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

const kubeconfig = (server: string, context = 'test'): string => {
  const file = join(folder, `config-${String(Math.random()).slice(2, 8)}`);
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: c, cluster: {server: "${server}", insecure-skip-tls-verify: true}}]`,
      'users: [{name: u, user: {token: not-a-real-token}}]',
      `contexts: [{name: ${context}, context: {cluster: c, user: u}}]`,
      `current-context: ${context}`,
      '',
    ].join('\n'),
  );
  return file;
};

const oneLine = (run: CliRun): string => {
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at |Warning/);
  return lines[0] ?? '';
};

/** A plain-HTTP listener that takes every request and never answers it. */
const silentHttp = async (): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> => {
  let requests = 0;
  const server = http.createServer(() => {
    requests += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    requests: () => requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
};

describe('flags: given twice, or not a timer, are usage errors in every mode', () => {
  it.each([
    [['machines', '--context', 'a', '--context', 'b'], '--context'],
    [['machines', '-o', 'json', '-o', 'yaml'], '--output'],
    [['precheck', '-o', 'json', '--output=yaml'], '--output'],
    [['explain-drain', '--request-timeout', '1s', '--request-timeout', '2s'], '--request-timeout'],
    [['fix-pdb', '--node', 'a', '--node', 'b'], '--node'],
  ])('%j with --bundle: exit 2, one line', (args, flag) => {
    const run = runCli([...args, '--bundle', BUNDLE]);
    expect(run.status).toBe(2);
    expect(oneLine(run)).toBe(`error: ${flag} was given more than once: give it once`);
  });

  it('keeps one --bundle and a repeated --only working (the quiet case)', () => {
    const run = runCli(['precheck', '--bundle', BUNDLE, '--only', 'node-not-ready', '--only', 'node-unschedulable']);
    expect(run.stderr).not.toContain('more than once');
  });

  it.each([['bogus'], ['1000h']])('--request-timeout %s with --bundle: exit 2, one line', (value) => {
    const run = runCli(['machines', '--bundle', BUNDLE, '--request-timeout', value]);
    expect(run.status).toBe(2);
    expect(oneLine(run)).toMatch(/^error: --request-timeout: (invalid )?duration "/);
  });

  it('--request-timeout 1000h live: refused before anything is sent, without a TimeoutOverflowWarning', () => {
    const run = runCli(['machines', '--kubeconfig', kubeconfig('http://127.0.0.1:9'), '--request-timeout', '1000h']);
    expect(run.status).toBe(2);
    expect(oneLine(run)).toBe(
      'error: --request-timeout: duration "1000h" is too long: at most 596h (about 24 days), or 0 for none',
    );
  });

  it('explain-drain --watch --interval 1000h: exit 2, one line', () => {
    const run = runCli([
      'explain-drain',
      '--watch',
      '--interval',
      '1000h',
      '--kubeconfig',
      kubeconfig('http://127.0.0.1:9'),
    ]);
    expect(run.status).toBe(2);
    expect(oneLine(run)).toMatch(/^error: --interval: duration "1000h" is too long/);
  });
});

describe('explain-drain --watch stops on what cannot heal', () => {
  it('a context that is not in the kubeconfig: exit 3 at once, one line, no retry', () => {
    const run = runCli([
      'explain-drain',
      '--watch',
      '--interval',
      '100ms',
      '--timeout',
      '30s',
      '--kubeconfig',
      kubeconfig('http://127.0.0.1:9'),
      '--context',
      'nope',
    ]);
    expect(run.status).toBe(3);
    expect(run.stdout).not.toContain('retrying');
    expect(oneLine(run)).toMatch(/^error: context "nope" does not exist/);
  });
});

describe('a TLS server that never finishes its handshake', () => {
  let server: Server;
  const sockets = new Set<Socket>();
  let url: string;

  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('times out after 10 s as kubectl does, even with --request-timeout 0: exit 3, one line', async () => {
    const started = Date.now();
    const run = await runAsync(['machines', '--kubeconfig', kubeconfig(url), '--request-timeout', '0']);
    expect(run.status).toBe(3);
    expect(oneLine(run)).toBe(
      `error: the TLS handshake with ${url} did not complete within 10s (check that the kubeconfig points at the HTTPS port of a Kubernetes API server)`,
    );
    expect(Date.now() - started).toBeLessThan(25_000);
  }, 40_000);
});

/** runCli without blocking this process's event loop (its listeners must answer meanwhile). */
const runAsync = (args: readonly string[]): Promise<CliRun> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, HOME: join(REPO, 'test', 'fixtures', 'no-home') },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => {
      resolve({ status, stdout, stderr });
    });
  });

/**
 * The CLI on a pseudo-terminal of `columns` columns, through util-linux `script`. Its shell writes its pid and
 * then becomes the CLI (exec), so the pid is the CLI's. The output is counted, not kept, past 64 KiB.
 */
const onTerminal = (columns: number, args: readonly string[]) => {
  const pidFile = join(folder, `pid-${String(Math.random()).slice(2, 8)}`);
  const quoted = args.map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
  const command = `stty cols "$HU_COLS" rows 24; echo $$ > "$HU_PID"; exec "$HU_NODE" "$HU_CLI" ${quoted}`;
  const child = spawn('script', ['-qefc', command, '/dev/null'], {
    env: {
      PATH: process.env.PATH,
      HOME: join(REPO, 'test', 'fixtures', 'no-home'),
      SHELL: '/bin/sh',
      TERM: 'xterm',
      HU_COLS: String(columns),
      HU_PID: pidFile,
      HU_NODE: process.execPath,
      HU_CLI: CLI,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let bytes = 0;
  let head = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (head.length < 65_536) head += chunk.toString('latin1');
    for (const waiter of waiters.filter((w) => head.includes(w.text))) waiter.resolve();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (status) => {
      resolve(status);
    }),
  );
  return {
    bytes: () => bytes,
    output: () => head,
    exited,
    /** Its exit status, or 'hung' when it has not exited within `ms`. */
    exitWithin: (ms: number): Promise<number | null | 'hung'> =>
      Promise.race([
        exited,
        new Promise<'hung'>((resolve) =>
          setTimeout(() => {
            resolve('hung');
          }, ms),
        ),
      ]),
    pid: (): number => Number(readFileSync(pidFile, 'utf8').trim()),
    type: (text: string) => child.stdin.write(text),
    seen: (text: string) => new Promise<void>((resolve) => waiters.push({ text, resolve })),
    /** Ends `script` and the CLI under it (a CLI stuck in a loop outlives its terminal). */
    kill: () => {
      child.kill('SIGKILL');
      try {
        process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGKILL');
      } catch {
        // Already gone, or never started.
      }
    },
  };
};

/** ora hides the cursor while it spins and shows it again when it stops (cli-cursor). */
const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';

describe('signals and the terminal', () => {
  let api: Awaited<ReturnType<typeof silentHttp>>;
  let config: string;

  beforeAll(async () => {
    api = await silentHttp();
    config = kubeconfig(api.url);
  });

  afterAll(async () => {
    await api.close();
  });

  /** Resolves once the CLI's first request has reached the silent server, so it is reading the cluster. */
  const reading = async (before: number): Promise<void> => {
    while (api.requests() <= before) await new Promise((resolve) => setTimeout(resolve, 20));
  };

  it('on a terminal that reports 0 columns: no spinner, bounded output, and SIGTERM ends it with 143', async () => {
    const before = api.requests();
    const cli = onTerminal(0, ['machines', '--kubeconfig', config]);
    try {
      await reading(before);
      // Past the 300 ms after which a spinner would start: it must not, and the CLI must still answer signals.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      process.kill(cli.pid(), 'SIGTERM');
      const status = await cli.exitWithin(10_000);
      expect(status).toBe(143);
      expect(cli.bytes()).toBeLessThan(4096);
      expect(cli.output()).not.toContain(HIDE_CURSOR);
    } finally {
      cli.kill();
    }
  }, 30_000);

  it('Ctrl-C while the spinner spins: exit 130, and the cursor is shown again', async () => {
    const cli = onTerminal(80, ['machines', '--kubeconfig', config]);
    try {
      await cli.seen(HIDE_CURSOR);
      cli.type('\u0003');
      const status = await cli.exitWithin(10_000);
      expect(status).toBe(130);
      const output = cli.output();
      expect(output.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(output.lastIndexOf(HIDE_CURSOR));
    } finally {
      cli.kill();
    }
  }, 30_000);

  it('SIGTERM while the spinner spins: exit 143, and the cursor is shown again', async () => {
    const cli = onTerminal(80, ['precheck', '--kubeconfig', config]);
    try {
      await cli.seen(HIDE_CURSOR);
      process.kill(cli.pid(), 'SIGTERM');
      const status = await cli.exitWithin(10_000);
      expect(status).toBe(143);
      const output = cli.output();
      expect(output.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(output.lastIndexOf(HIDE_CURSOR));
    } finally {
      cli.kill();
    }
  }, 30_000);

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s with output to a pipe (no terminal): exit %d', async (signal, code) => {
    const before = api.requests();
    const child = spawn(process.execPath, [CLI, 'machines', '--kubeconfig', config, '-o', 'json'], {
      env: { PATH: process.env.PATH, HOME: join(REPO, 'test', 'fixtures', 'no-home') },
    });
    const exited = new Promise<number | null>((resolve) =>
      child.on('close', (status) => {
        resolve(status);
      }),
    );
    try {
      await reading(before);
      child.kill(signal);
      expect(await exited).toBe(code);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
