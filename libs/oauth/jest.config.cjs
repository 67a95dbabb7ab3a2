module.exports = require('../../jest.swc.cjs')({ displayName: 'oauth', dir: __dirname });
