import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/**
 * Imports flow commands → {cluster, render → drain → checks} → facts → model; only src/cluster may load client-node at
 * run time. src/facts holds upstream knowledge several folders share (who owns a budget).
 */
const boundary = (allowed, { clientNode = false } = {}) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          regex: `^\\.\\./(?!${['model', ...allowed].join('/|')}/)`,
          message: 'This folder may import only ../model and its allowed neighbours (architecture.md §B).',
        },
      ],
      paths: clientNode
        ? []
        : [
            {
              name: '@kubernetes/client-node',
              message: 'Only src/cluster talks to the API; import types only.',
              allowTypeImports: true,
            },
          ],
    },
  ],
});

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
  // Tests beside the code may also use test/builders.
  { files: ['src/facts/**', 'src/model/**'], ignores: ['**/*.test.ts'], rules: boundary([]) },
  { files: ['src/checks/**'], ignores: ['**/*.test.ts'], rules: boundary(['facts']) },
  { files: ['src/drain/**'], ignores: ['**/*.test.ts'], rules: boundary(['checks', 'facts']) },
  { files: ['src/path/**'], ignores: ['**/*.test.ts'], rules: boundary(['checks', 'facts']) },
  { files: ['src/render/**'], ignores: ['**/*.test.ts'], rules: boundary(['checks', 'drain', 'facts', 'fix', 'path']) },
  { files: ['src/fix/**'], ignores: ['**/*.test.ts'], rules: boundary(['checks', 'drain', 'facts']) },
  // src/cluster imports ../model alone, and is the one folder that may load client-node at run time.
  { files: ['src/cluster/**'], ignores: ['**/*.test.ts'], rules: boundary([], { clientNode: true }) },
  prettier,
);
