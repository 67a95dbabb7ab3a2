module.exports = require('../../jest.swc.cjs')({ displayName: 'gateway', dir: __dirname });
