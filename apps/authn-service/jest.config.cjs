module.exports = require('../../jest.swc.cjs')({ displayName: 'authn-service', dir: __dirname });
