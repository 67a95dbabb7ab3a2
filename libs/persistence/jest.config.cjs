module.exports = require('../../jest.swc.cjs')({ displayName: 'persistence', dir: __dirname });
