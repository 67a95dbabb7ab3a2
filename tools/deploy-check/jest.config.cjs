module.exports = require('../../jest.swc.cjs')({ displayName: 'deploy-check', dir: __dirname });
