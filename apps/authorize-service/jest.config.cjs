module.exports = require('../../jest.swc.cjs')({ displayName: 'authorize-service', dir: __dirname });
