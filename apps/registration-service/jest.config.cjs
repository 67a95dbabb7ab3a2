module.exports = require('../../jest.swc.cjs')({ displayName: 'registration-service', dir: __dirname });
