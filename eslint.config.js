// Lint is part of the test command: typescript-eslint's recommended rules, plus the
// house rules that keep config and clients out of module scope (STYLE.md §4).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'services/console/dist/**', '.data/**', 'models/**', '.tap/**', 'bench-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', {
        object: 'process', property: 'env',
        message: 'Read configuration through @chanjiao/platform loadConfig() only (STYLE.md §4).',
      }],
    },
  },
  {
    // The config loader is the one place that reads the environment; scripts pass it on.
    files: ['shared/platform/src/config/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts', '**/test/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
