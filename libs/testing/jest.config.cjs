module.exports = require('../../jest.swc.cjs')({ displayName: 'testing', dir: __dirname });
