import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, sep } from 'node:path';
import * as ts from 'typescript';

/**
 * The layer rule is written once, in docs/architecture.md. ESLint's boundaries are generated from `LAYERS` in
 * eslint.config.mjs; this test keeps the two equal, checks that the configuration ESLint computes refuses exactly
 * what the table refuses, and checks the real import graph of the shipped files of src against the table.
 */

const REPO = join(__dirname, '..', '..');
const SRC = join(REPO, 'src');

type Layers = Record<string, string[]>;

/** The table between the layers markers of docs/architecture.md: `| \`folder\` | \`a\`, \`b\` |`, or `nothing`. */
const layersOfDoc = (markdown: string): Layers => {
  const section = /<!-- layers:begin -->([\s\S]*?)<!-- layers:end -->/.exec(markdown)?.[1];
  if (section === undefined) throw new Error('docs/architecture.md has no <!-- layers:begin/end --> table');
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
    .filter(([folder]) => folder?.startsWith('`') === true);
  return Object.fromEntries(
    rows.map(([folder = '', allowed = '']) => [
      folder.replaceAll('`', ''),
      allowed === 'nothing' ? [] : allowed.split(',').map((name) => name.trim().replaceAll('`', '')),
    ]),
  );
};

interface EslintView {
  readonly layers: Layers;
  readonly apiFolder: string;
  readonly apiModules: string[];
  /** For each sample file: the no-restricted-imports options and max-lines-per-function options ESLint computes. */
  readonly files: Record<string, { restricted: unknown; maxLines: unknown }>;
}

/** eslint.config.mjs is an ES module: read its table, and ESLint's computed configuration, in a Node child. */
const readEslintView = (): EslintView => {
  const script = `
    import { ESLint } from 'eslint';
    import { pathToFileURL } from 'node:url';
    const config = await import(pathToFileURL('eslint.config.mjs').href);
    const eslint = new ESLint();
    const files = {};
    for (const folder of Object.keys(config.LAYERS)) {
      for (const file of ['src/' + folder + '/sample.ts', 'src/' + folder + '/nested/sample.ts']) {
        const computed = await eslint.calculateConfigForFile(file);
        files[file] = {
          restricted: computed.rules['@typescript-eslint/no-restricted-imports'],
          maxLines: computed.rules['max-lines-per-function'],
        };
      }
    }
    process.stdout.write(JSON.stringify({ layers: config.LAYERS, apiFolder: config.API_FOLDER, apiModules: config.API_MODULES, files }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: REPO,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out) as EslintView;
};

let cached: EslintView | undefined;
const eslintView = (): EslintView => (cached ??= readEslintView());

interface RestrictedOptions {
  patterns: { regex: string }[];
  paths: { name: string; allowTypeImports?: boolean }[];
}

const restrictedOptions = (rule: unknown): RestrictedOptions => {
  if (!Array.isArray(rule) || rule[0] !== 2) throw new Error(`no-restricted-imports is not "error": ${String(rule)}`);
  return rule[1] as RestrictedOptions;
};

const docLayers = (): Layers => layersOfDoc(readFileSync(join(REPO, 'docs', 'architecture.md'), 'utf8'));

describe('the layer rule (docs/architecture.md) and ESLint', () => {
  const view = eslintView();
  const folders = Object.keys(view.layers);

  it('gives cluster and facts model alone', () => {
    expect(view.layers.cluster).toEqual(['model']);
    expect(view.layers.facts).toEqual(['model']);
  });

  it('has the same allowed-imports table in the doc and in eslint.config.mjs', () => {
    expect(docLayers()).toEqual(view.layers);
    expect(folders).toEqual(expect.arrayContaining(['model', 'facts', 'cluster', 'commands']));
  });

  it('has ESLint refuse, for a file of each folder and one nested below it, exactly what the table refuses', () => {
    const wrong: string[] = [];
    for (const [file, computed] of Object.entries(view.files)) {
      const folder = file.split('/')[1] ?? '';
      const up = file.includes('/nested/') ? '../../' : '../';
      const { patterns } = restrictedOptions(computed.restricted);
      const refused = (specifier: string): boolean =>
        patterns.some((pattern) => new RegExp(pattern.regex).test(specifier));
      for (const other of folders) {
        const allowed = other === folder || (view.layers[folder] ?? []).includes(other);
        if (refused(`${up}${other}/x.js`) === allowed) wrong.push(`${file}: ${up}${other}/x.js`);
      }
      if (!refused(`${up}../test/builders.js`)) wrong.push(`${file}: may leave src`);
      if (refused('./sibling.js')) wrong.push(`${file}: refuses its own folder`);
    }
    expect(wrong).toEqual([]);
  });

  it('lets only the API folder load client-node and the network modules at run time', () => {
    for (const [file, computed] of Object.entries(view.files)) {
      const { paths } = restrictedOptions(computed.restricted);
      const expected = file.split('/')[1] === view.apiFolder ? [] : view.apiModules;
      expect(paths.filter((path) => path.allowTypeImports === true).map((path) => path.name)).toEqual(expected);
      expect(paths).toHaveLength(expected.length);
    }
  });

  it('limits every shipped function in src to 60 lines, comments and blank lines counted', () => {
    for (const computed of Object.values(view.files)) {
      expect(computed.maxLines).toEqual([2, { max: 60, skipBlankLines: false, skipComments: false }]);
    }
  });

  it('fails when the doc table changes', () => {
    const doc = readFileSync(join(REPO, 'docs', 'architecture.md'), 'utf8');
    const edited = doc.replace(/^\| `cluster` +\| `model` +\|$/m, '| `cluster` | `model`, `fix` |');
    expect(edited).not.toEqual(doc);
    expect(layersOfDoc(edited)).not.toEqual(view.layers);
  });
});

interface Import {
  readonly specifier: string;
  readonly typeOnly: boolean;
}

/** Every module a file names: imports, re-exports and dynamic `import()` with a literal. */
const importsOf = (file: string): Import[] => {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Import[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const allTypes =
        clause !== undefined &&
        clause.name === undefined &&
        bindings !== undefined &&
        ts.isNamedImports(bindings) &&
        bindings.elements.length > 0 &&
        bindings.elements.every((element) => element.isTypeOnly);
      found.push({
        specifier: node.moduleSpecifier.text,
        typeOnly: clause?.phaseModifier === ts.SyntaxKind.TypeKeyword || allTypes,
      });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument !== undefined && ts.isStringLiteral(argument))
        found.push({ specifier: argument.text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
};

const shippedFiles = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return shippedFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });

const fromSrc = (path: string): string => relative(SRC, path).split(sep).join(posix.sep);

/** Every import of a shipped file that the table refuses, as `src/<file> → <specifier>`. */
const violations = (layers: Layers, apiFolder: string, apiModules: readonly string[]): string[] =>
  shippedFiles(SRC).flatMap((file) => {
    const path = fromSrc(file);
    const folder = path.includes('/') ? (path.split('/')[0] ?? '') : undefined;
    // The entry point (src/*.ts) starts the commands and may import anything.
    if (folder === undefined) return [];
    const allowed = layers[folder];
    return importsOf(file)
      .filter(({ specifier, typeOnly }) => {
        if (apiModules.includes(specifier)) return folder !== apiFolder && !typeOnly;
        if (!specifier.startsWith('.')) return false;
        const target = fromSrc(join(dirname(file), specifier));
        const targetFolder = target.split('/')[0] ?? '';
        if (target.startsWith('..') || !target.includes('/')) return true;
        return allowed === undefined || (targetFolder !== folder && !allowed.includes(targetFolder));
      })
      .map(({ specifier }) => `src/${path} → ${specifier}${allowed === undefined ? ' (folder not in the table)' : ''}`);
  });

describe('the import graph of src', () => {
  const layers = docLayers();
  const { apiFolder, apiModules } = eslintView();
  const graph = violations(layers, apiFolder, apiModules);

  it('is read from every kind of import statement, and the checker can fail', () => {
    expect(importsOf(join(SRC, 'cluster', 'read-snapshot.ts')).map((found) => found.specifier)).toEqual(
      expect.arrayContaining(['./kubeconfig.js', '../model/snapshot.js']),
    );
    const strict = Object.fromEntries(Object.keys(layers).map((folder) => [folder, []]));
    expect(violations(strict, apiFolder, apiModules).length).toBeGreaterThan(0);
  });

  it('tells type-only imports from run-time ones, and sees re-exports and import()', () => {
    const folder = mkdtempSync(join(tmpdir(), 'hu-imports-'));
    const file = join(folder, 'sample.ts');
    writeFileSync(
      file,
      [
        "import type { KubeConfig } from '@kubernetes/client-node';",
        "import { type Cluster, type User } from '@kubernetes/client-node';",
        "import { CoreV1Api, type Context } from '@kubernetes/client-node';",
        "export { planFix } from '../fix/plan-fix.js';",
        "export type { Finding } from '../model/finding.js';",
        "const later = (): Promise<unknown> => import('./kubeconfig.js');",
      ].join('\n'),
    );
    try {
      expect(importsOf(file)).toEqual([
        { specifier: '@kubernetes/client-node', typeOnly: true },
        { specifier: '@kubernetes/client-node', typeOnly: true },
        { specifier: '@kubernetes/client-node', typeOnly: false },
        { specifier: '../fix/plan-fix.js', typeOnly: false },
        { specifier: '../model/finding.js', typeOnly: true },
        { specifier: './kubeconfig.js', typeOnly: false },
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('has cluster and facts import model alone', () => {
    expect(graph.filter((line) => line.startsWith('src/cluster/') || line.startsWith('src/facts/'))).toEqual([]);
  });

  it('obeys the allowed-imports table in every shipped file', () => {
    expect(graph).toEqual([]);
  });
});
