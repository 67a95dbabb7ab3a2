import nx from '@nx/eslint-plugin';

// Module boundaries (STYLE.md habit 5): every project carries one `type:` tag and may only
// depend on the tags listed here. There is deliberately no `*` rule.
const libs = ['type:contracts', 'type:oauth', 'type:crypto', 'type:scripting', 'type:persistence', 'type:platform'];
// Test files of the infrastructure libs may use the harness too (it imports none of them).
const constraints = (testing) => [
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:oauth', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:crypto', onlyDependOnLibsWithTags: ['type:oauth', 'type:contracts'] },
  { sourceTag: 'type:scripting', onlyDependOnLibsWithTags: ['type:oauth', 'type:contracts'] },
  {
    sourceTag: 'type:persistence',
    onlyDependOnLibsWithTags: ['type:crypto', 'type:scripting', 'type:oauth', 'type:contracts', ...(testing ? ['type:testing'] : [])],
  },
  {
    sourceTag: 'type:platform',
    onlyDependOnLibsWithTags: ['type:crypto', 'type:scripting', 'type:oauth', 'type:contracts', ...(testing ? ['type:testing'] : [])],
  },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: [...libs] },
  { sourceTag: 'type:service', onlyDependOnLibsWithTags: [...libs, ...(testing ? ['type:testing'] : [])] },
  {
    sourceTag: 'type:gateway',
    onlyDependOnLibsWithTags: [...libs.filter((t) => t !== 'type:persistence'), ...(testing ? ['type:testing'] : [])],
  },
  { sourceTag: 'type:launcher', onlyDependOnLibsWithTags: ['type:platform', 'type:oauth', 'type:contracts'] },
  // The admin console is a browser app: it speaks to Mandate over HTTP only and imports no lib.
  { sourceTag: 'type:console', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:testing', 'type:contracts'] },
  // Examples stand alone: they speak to Mandate over HTTP only, never import it.
  { sourceTag: 'type:example', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['type:testing', 'type:scripting', 'type:contracts'] },
  // npm run faults drives the distributed stack over HTTP and kills its processes through the harness.
  { sourceTag: 'type:faults', onlyDependOnLibsWithTags: ['type:testing', 'type:contracts'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:contracts', ...(testing ? ['type:testing'] : [])] },
  // start:cluster runs the distributed topology with the test harness's own launcher (libs/testing).
  { sourceTag: 'type:cluster', onlyDependOnLibsWithTags: ['type:testing', 'type:contracts'] },
];
const testFiles = ['**/*.spec.ts', '**/*.test.ts', '**/*.test-helper.ts', '**/test/**/*.ts'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/tmp', '**/coverage', '**/.nx', '**/data'] },
  {
    files: ['**/*.ts'],
    ignores: testFiles,
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: true, allow: [], depConstraints: constraints(false) }],
    },
  },
  {
    files: testFiles,
    rules: {
      '@nx/enforce-module-boundaries': ['error', { allow: [], depConstraints: constraints(true) }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off', '@nx/enforce-module-boundaries': 'off' },
  },
];
