// Lint rules that protect behaviour users notice: synth speed (deep provider imports), the
// framework seam, the layers (core -> domain -> modules -> stacks; the CLI, config, local AWS and
// the functions on domain and core), and type safety.
import tseslint from 'typescript-eslint';

/** Only modules/framework/ names the framework and the provider binding (one seam for a move to CDK Terrain). */
const frameworkPaths = [
  { name: '@cdktf/provider-aws', message: 'Import provider classes from modules/framework (deep paths live there).' },
  { name: 'cdktf', message: 'Import the CDK for Terraform core from modules/framework.' },
  { name: 'constructs', message: 'Import Construct from modules/framework.' },
];
const frameworkPatterns = [
  { group: ['@cdktf/provider-aws/*'], message: 'Import provider classes from modules/framework.' },
];

/** Folders of the project as relative import patterns (any depth), for the layer zones below. */
const folder = (...names) => names.flatMap((name) => [`**/${name}`, `**/${name}/**`]);
/** The framework packages with a message for code that must not use them at all (not even through the seam). */
const noFramework = (message) => ({
  paths: frameworkPaths.map(({ name }) => ({ name, message })),
  patterns: [{ group: ['@cdktf/provider-aws/*'], message }],
});
const domainNoFramework = noFramework(
  'domain/ is plain TypeScript below the constructs: no CDK for Terraform, constructs or provider classes; build the resource in a construct under modules/ from what domain/ returns.',
);
const programsNoFramework = noFramework(
  'The CLI, config, local AWS and the functions never load the CDK for Terraform: use the plain data and functions of domain/ and core/.',
);
/** remediation-functions/ only by a path inside it: modules/remediation-functions.ts is a construct of the same name. */
const functionsFolder = '**/remediation-functions/**';
/** The construct library (and its framework seam): only stacks, examples and the library's own tests build constructs. */
const constructs = {
  group: folder('modules'),
  message:
    'The CLI, config, local AWS and the functions use domain/ and core/, never the constructs: move the plain data or function you need from modules/ into domain/ (the construct re-exports it).',
};
/** What sits above the domain: the constructs, the stacks and the programs that use them. */
const aboveDomain = {
  group: [...folder('modules', 'stacks', 'cli', 'config', 'local-aws', 'scripts', 'bench'), functionsFolder, '**/main'],
  message:
    'domain/ sits below the constructs and the programs: it imports only core/ and itself; pass what it needs in as arguments, or move the shared piece into domain/ or core/.',
};
/** What sits above the constructs: the stacks and the programs. */
const aboveModules = {
  group: [...folder('stacks', 'cli', 'config', 'local-aws', 'scripts', 'bench'), functionsFolder, '**/main'],
  message:
    'modules/ (the construct library) imports only domain/, core/ and itself: it is published without the stacks, the CLI, config and the functions; move the shared piece into domain/ or core/.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'cdktf.out/**',
      '.gen/**',
      'remediation-functions/dist/**',
      'coverage/**',
      'examples/*/dist/**',
      'docs/api/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-restricted-imports': ['error', { paths: frameworkPaths, patterns: frameworkPatterns }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The construct library: constructs on the domain and the shared core.
    files: ['modules/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: frameworkPaths, patterns: [...frameworkPatterns, aboveModules] }],
    },
  },
  {
    // The seam itself, and the synth benchmark's floor (a bare app measured without the project).
    files: ['modules/framework/**/*.ts', 'bench/synth-floor.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@cdktf/provider-aws',
              message:
                'The package root loads ~2,200 resource modules and makes synth several times slower: import by deep path, @cdktf/provider-aws/lib/<resource>.',
            },
          ],
        },
      ],
    },
  },
  {
    // Examples are users' own projects: they import cdktf, constructs and provider classes
    // directly, as a consumer does (still by deep path).
    files: ['examples/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@cdktf/provider-aws',
              message:
                'The package root loads ~2,200 resource modules and makes synth several times slower: import by deep path, @cdktf/provider-aws/lib/<resource>.',
            },
          ],
        },
      ],
    },
  },
  {
    // The domain (catalogue, standards, remediation planning, export SQL and layout, SSM
    // documents) is plain TypeScript below the constructs: no framework, nothing above it.
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: domainNoFramework.paths, patterns: [...domainNoFramework.patterns, aboveDomain] },
      ],
    },
  },
  {
    // The programs beside the constructs use the domain and the core, never the constructs or
    // the framework, so the CLI, local AWS and the functions load no construct code.
    files: ['cli/**/*.ts', 'config/**/*.ts', 'local-aws/**/*.ts', 'remediation-functions/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: programsNoFramework.paths, patterns: [...programsNoFramework.patterns, constructs] },
      ],
    },
  },
  {
    // The shared core sits at the bottom of the import graph: config, stacks, modules, the
    // functions and the CLI all import it, so it imports nothing of theirs.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: frameworkPaths,
          patterns: [
            ...frameworkPatterns,
            {
              group: ['../*', '../**'],
              message: 'core/ imports nothing else of the project; move what it needs into core/.',
            },
          ],
        },
      ],
    },
  },
  {
    // CommonJS scripts run by node directly.
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
