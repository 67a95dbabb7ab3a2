module.exports = require('../../jest.swc.cjs')({ displayName: 'crypto', dir: __dirname });
