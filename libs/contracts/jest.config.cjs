module.exports = require('../../jest.swc.cjs')({ displayName: 'contracts', dir: __dirname });
