module.exports = require('../../jest.swc.cjs')({ displayName: 'scripting', dir: __dirname });
