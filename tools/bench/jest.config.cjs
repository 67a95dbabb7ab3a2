module.exports = require('../../jest.swc.cjs')({ displayName: 'bench', dir: __dirname });
