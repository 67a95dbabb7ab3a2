module.exports = require('../../jest.swc.cjs')({ displayName: 'token-service', dir: __dirname });
