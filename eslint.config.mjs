// Lint rules that protect behaviour users notice: synth speed (deep provider imports) and type safety.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'cdktf.out/**', '.gen/**', 'remediation-functions/dist/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // The package root loads ~2,200 resource modules and makes synth several times slower.
      'no-restricted-imports': ['error', {
        paths: [{ name: '@cdktf/provider-aws', message: 'Import provider classes by deep path: @cdktf/provider-aws/lib/<resource>.' }],
      }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // core/ is shared by every part of the project, so it sits at the bottom of the import graph.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: '@cdktf/provider-aws', message: 'Import provider classes by deep path: @cdktf/provider-aws/lib/<resource>.' }],
        patterns: [{ group: ['../*', '!./*'], message: 'core/ imports nothing else of the project.' }],
      }],
    },
  },
  {
    // CommonJS scripts run by node directly.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
