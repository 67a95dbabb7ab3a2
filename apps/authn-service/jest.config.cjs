// No unit under test yet: this app is wiring only (its behaviour is covered by apps/e2e).
// Remove passWithNoTests with its first spec file.
module.exports = require('../../jest.swc.cjs')({ displayName: 'authn-service', dir: __dirname, passWithNoTests: true });
