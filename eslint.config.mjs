// ESLint flat config: type-checked typescript-eslint, Prettier compatibility and the Nx module boundaries of
// DESIGN.md ("Imports point one way"). Tags live in each project's project.json.
import nxPlugin from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/** Heavy or I/O packages that a contracts-only or pure library must not import. */
const heavy = ['@tensorflow/*', 'apache-arrow', '@temporalio/worker', '@temporalio/client', '@observablehq/plot'];

/** Node builtins are unavailable in the Temporal workflow sandbox (it allows only assert, url, util). */
const nodeBuiltins = builtinModules.flatMap((name) => [name, `node:${name}`, `${name}/*`, `node:${name}/*`]);

/** The one-way import rules of DESIGN.md, as Nx tag constraints (tags live in each project.json). */
const boundaries = {
  enforceBuildableLibDependency: false,
  allow: [],
  depConstraints: [
    { sourceTag: 'lib:core', onlyDependOnLibsWithTags: ['lib:core'], bannedExternalImports: heavy },
    {
      sourceTag: 'lib:metrics',
      onlyDependOnLibsWithTags: ['lib:core'],
      bannedExternalImports: heavy,
    },
    {
      sourceTag: 'lib:losses',
      onlyDependOnLibsWithTags: ['lib:core'],
      bannedExternalImports: ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '@temporalio/*'],
    },
    { sourceTag: 'lib:data', onlyDependOnLibsWithTags: ['lib:core'], bannedExternalImports: ['@tensorflow/*'] },
    { sourceTag: 'lib:datasets', onlyDependOnLibsWithTags: ['lib:data', 'lib:core'] },
    { sourceTag: 'lib:models', onlyDependOnLibsWithTags: ['lib:core'] },
    { sourceTag: 'lib:tracking', onlyDependOnLibsWithTags: ['lib:core'], bannedExternalImports: ['@tensorflow/*'] },
    {
      sourceTag: 'lib:training',
      onlyDependOnLibsWithTags: ['lib:losses', 'lib:models', 'lib:data', 'lib:metrics', 'lib:core'],
    },
    {
      sourceTag: 'lib:results',
      // The result files' one home: layout, evaluation and summary builders, reader (node:fs, no heavy packages).
      onlyDependOnLibsWithTags: ['lib:metrics', 'lib:core'],
      bannedExternalImports: heavy,
    },
    // The report only reads result files (through @bcml/results) and renders them.
    { sourceTag: 'app:reports', onlyDependOnLibsWithTags: ['lib:results', 'lib:metrics', 'lib:data', 'lib:core'] },
    {
      sourceTag: 'app:workers',
      // The worker's composition root: its adapters read datasets and models for the activities.
      onlyDependOnLibsWithTags: [
        'lib:training',
        'lib:tracking',
        'lib:data',
        'lib:datasets',
        'lib:models',
        'lib:results',
        'app:reports',
        'lib:core',
      ],
    },
    {
      sourceTag: 'lib:cli',
      // The CLI reads flags and the environment; `bcml worker` hands them to the workers' `startWorker`.
      onlyDependOnLibsWithTags: [
        'lib:core',
        'lib:tracking',
        'app:workers',
        'app:infra',
        'lib:data',
        'lib:models',
        'lib:training',
        'lib:results',
      ],
    },
    {
      sourceTag: 'app:workflows',
      onlyDependOnLibsWithTags: ['lib:core'],
      allowedExternalImports: ['@temporalio/workflow', '@temporalio/common'],
    },
    { sourceTag: 'app:infra', onlyDependOnLibsWithTags: [] },
    { sourceTag: 'app:test', onlyDependOnLibsWithTags: ['*'] },
  ],
};

/**
 * Tests import their own package by name (as users do) and may pick a tfjs backend (the libraries stay
 * backend-agnostic), so for test files the banned external imports are lifted; the tag rules still hold, plus
 * the bundled datasets as test data.
 */
const testBoundaries = (ownPackage) => ({
  ...boundaries,
  allow: [ownPackage],
  // Tests may also load the bundled public datasets as test data.
  depConstraints: boundaries.depConstraints.map(({ bannedExternalImports: _banned, ...rule }) => ({
    ...rule,
    onlyDependOnLibsWithTags: [...rule.onlyDependOnLibsWithTags, 'lib:datasets'],
  })),
});

/** Project roots whose tests import the project's own package. */
const ownPackages = {
  'libs/core': '@bcml/core',
  'libs/metrics': '@bcml/metrics',
  'libs/results': '@bcml/results',
  'libs/losses': '@bcml/losses',
  'libs/data': '@bcml/data',
  'libs/datasets': '@bcml/datasets',
  'libs/models': '@bcml/models',
  'libs/training': '@bcml/training',
  'libs/tracking': '@bcml/tracking',
  'libs/cli': '@bcml/cli',
  workers: '@bcml/workers',
  reports: '@bcml/reports',
  infra: '@bcml/infra',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.tools/**',
      '.data/**',
      '.nx/**',
      '**/*.mjs',
      '**/*.cjs',
      '**/fixtures/**',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nxPlugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
      '@nx/enforce-module-boundaries': ['error', boundaries],
    },
  },
  {
    // The result files are spelled in one place (@bcml/results' RESULT_FILES and path functions); nothing that
    // crosses an activity boundary is a local path, so source code builds no file:// URIs.
    files: ['**/src/**/*.ts'],
    ignores: ['libs/results/src/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        {
          selector: 'Literal[value=/^(sweep-summary\\.json|h1-outputs|initial-model)$/]',
          message: "Spell result file names through @bcml/results' RESULT_FILES.",
        },
      ],
    },
  },
  {
    // Activities exchange location-independent URIs (the artifact store), never file:// URIs.
    files: ['workers/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        {
          selector: 'Literal[value=/^(sweep-summary\\.json|h1-outputs|initial-model)$/]',
          message: "Spell result file names through @bcml/results' RESULT_FILES.",
        },
        {
          selector: "CallExpression[callee.name='pathToFileURL']",
          message: 'Activities exchange location-independent URIs (the artifact store), never file:// URIs.',
        },
      ],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node builtins, no I/O libraries.
    files: ['workflows/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins
            .filter((n) => !n.includes('*'))
            .map((name) => ({ name, message: 'Workflow code runs in the Temporal sandbox: no Node builtins.' })),
          patterns: [
            {
              group: [
                '@tensorflow/*',
                'apache-arrow',
                '@temporalio/worker',
                '@temporalio/client',
                '@temporalio/activity',
              ],
              message:
                'Workflow code imports only @temporalio/workflow and @bcml/core (activity types via import type).',
            },
          ],
        },
      ],
    },
  },
  // Tests import their own package by name, as users do (not through relative paths into src/).
  ...Object.entries(ownPackages).map(([root, name]) => ({
    files: [`${root}/test/**/*.ts`],
    rules: {
      '@nx/enforce-module-boundaries': ['error', testBoundaries(name)],
    },
  })),
  {
    // Tests see what users see: the package name, never a relative path into a project's src/.
    files: ['**/test/**/*.ts', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../src', '../src/*', '../../src', '../../src/*', '**/src', '**/src/*'],
              message: "Tests import the package by name (e.g. '@bcml/core'); export what they need from its barrel.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  prettier,
);
