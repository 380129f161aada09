// Lint rules that protect behaviour users notice: synth speed (deep provider imports), the
// framework seam, the shared core at the bottom of the import graph, and type safety.
import tseslint from 'typescript-eslint';

/** Only modules/framework/ names the framework and the provider binding (one seam for a move to CDK Terrain). */
const frameworkPaths = [
  { name: '@cdktf/provider-aws', message: 'Import provider classes from modules/framework (deep paths live there).' },
  { name: 'cdktf', message: 'Import the CDK for Terraform core from modules/framework.' },
  { name: 'constructs', message: 'Import Construct from modules/framework.' },
];
const frameworkPatterns = [{ group: ['@cdktf/provider-aws/*'], message: 'Import provider classes from modules/framework.' }];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'cdktf.out/**', '.gen/**', 'remediation-functions/dist/**', 'coverage/**', 'examples/*/dist/**', 'docs/api/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-restricted-imports': ['error', { paths: frameworkPaths, patterns: frameworkPatterns }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The seam itself, and the synth benchmark's floor (a bare app measured without the project).
    files: ['modules/framework/**/*.ts', 'bench/synth-floor.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: '@cdktf/provider-aws', message: 'The package root loads ~2,200 resource modules and makes synth several times slower: import by deep path, @cdktf/provider-aws/lib/<resource>.' }],
      }],
    },
  },
  {
    // Examples are users' own projects: they import cdktf, constructs and provider classes
    // directly, as a consumer does (still by deep path).
    files: ['examples/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: '@cdktf/provider-aws', message: 'The package root loads ~2,200 resource modules and makes synth several times slower: import by deep path, @cdktf/provider-aws/lib/<resource>.' }],
      }],
    },
  },
  {
    // The shared core sits at the bottom of the import graph: config, stacks, modules, the
    // functions and the CLI all import it, so it imports nothing of theirs.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: frameworkPaths,
        patterns: [...frameworkPatterns, { group: ['../*', '../**'], message: 'core/ imports nothing else of the project; move what it needs into core/.' }],
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
