module.exports = require('../../jest.swc.cjs')({ displayName: 'docker', dir: __dirname });
