module.exports = require('../../jest.swc.cjs')({ displayName: 'faults', dir: __dirname });
