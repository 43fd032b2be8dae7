import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/**
 * The layer rule of docs/architecture.md, written once: each folder of src and the folders it may import. The doc's
 * "allowed imports" table must equal this object (test/unit/architecture.test.ts), and every boundary below is
 * generated from it; none is switched off. A folder may always import its own files.
 */
export const LAYERS = {
  model: [],
  facts: ['model'],
  checks: ['model', 'facts'],
  drain: ['model', 'facts'],
  path: ['model', 'facts'],
  fix: ['model', 'facts'],
  results: ['model', 'facts', 'checks', 'drain', 'path', 'fix'],
  render: ['model', 'results'],
  commands: ['model', 'facts', 'checks', 'drain', 'path', 'fix', 'results', 'render', 'cluster'],
  cluster: ['model'],
};

/** The one folder that may load client-node, and the network modules, at run time: it alone talks to the API. */
export const API_FOLDER = 'cluster';
export const API_MODULES = ['@kubernetes/client-node', 'node:http', 'node:https', 'node:net', 'node:tls'];

/** Files nested this deep below src/<folder> get the boundary too (a specifier climbs one more `../` per level). */
const MAX_DEPTH = 3;

const boundary = (folder, depth) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          // Out of the folder (depth + 1 times `../`) into anything but an allowed neighbour, or out of src.
          regex: `^(\\.\\./){${String(depth + 1)}}(?!(${[folder, ...LAYERS[folder]].join('|')})/)`,
          message: `src/${folder} may import only ${LAYERS[folder].join(', ') || 'its own files'} (docs/architecture.md).`,
        },
      ],
      paths:
        folder === API_FOLDER
          ? []
          : API_MODULES.map((name) => ({
              name,
              message: 'Only src/cluster talks to the API; import types only.',
              allowTypeImports: true,
            })),
    },
  ],
});

const boundaries = Object.keys(LAYERS).flatMap((folder) =>
  Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => ({
    files: [`src/${folder}/${'*/'.repeat(depth)}*.ts`],
    // Tests beside the code may also use test/builders.
    ignores: ['**/*.test.ts'],
    rules: boundary(folder, depth),
  })),
);

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', '**/*.mjs', '**/*.cjs', 'bin/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: false }],
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_' }],
      'no-restricted-exports': ['error', { restrictDefaultExports: { direct: true, named: true, defaultFrom: true } }],
    },
  },
  ...boundaries,
  // No function over 60 lines, comments and blank lines included: split it by its phases instead.
  {
    files: ['src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 60, skipBlankLines: false, skipComments: false }] },
  },
  prettier,
);
