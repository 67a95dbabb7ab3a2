// A webpack loader that compiles TypeScript with @swc/core: no type-checking (that is the
// `typecheck` target's job), legacy decorators with their design-time metadata (Nest's
// dependency injection reads it), and a source map for webpack to chain into the bundle's.
const { transform } = require('@swc/core');

/** @type {import('@swc/core').Options} */
const base = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: true,
  swcrc: false,
  configFile: false,
};

module.exports = function swcLoader(source, inputMap) {
  const done = this.async();
  transform(source, {
    ...base,
    filename: this.resourcePath,
    sourceFileName: this.resourcePath,
    inputSourceMap: inputMap ? JSON.stringify(inputMap) : undefined,
    sourceMaps: this.sourceMap,
  }).then(
    (output) => done(null, output.code, output.map && JSON.parse(output.map)),
    (error) => done(error),
  );
};
