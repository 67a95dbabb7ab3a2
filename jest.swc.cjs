// Shared Jest settings: @swc/jest compiles TypeScript with decorator metadata (Nest DI needs it),
// and jose (ESM-only) is transformed to CommonJS so Jest can load it.
module.exports = function jestConfig({ displayName, dir, testEnvironment = 'node', ...rest }) {
  return {
    displayName,
    preset: '../../jest.preset.js',
    rootDir: dir,
    testEnvironment,
    transform: {
      '^.+\\.[tj]s$': [
        '@swc/jest',
        {
          jsc: {
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true },
            target: 'es2022',
          },
          module: { type: 'commonjs' },
          sourceMaps: 'inline',
        },
      ],
    },
    transformIgnorePatterns: ['/node_modules/(?!jose/)'],
    moduleFileExtensions: ['ts', 'js', 'json'],
    coverageDirectory: `../../coverage/${displayName}`,
    reporters: ['default', ['<rootDir>/../../tools/jest/summary-reporter.cjs', { project: displayName }]],
    ...rest,
  };
};
