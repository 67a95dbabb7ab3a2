module.exports = require('../../jest.swc.cjs')({ displayName: 'platform', dir: __dirname });
