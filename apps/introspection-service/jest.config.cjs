module.exports = require('../../jest.swc.cjs')({ displayName: 'introspection-service', dir: __dirname });
