module.exports = require('../../jest.swc.cjs')({ displayName: 'mcp-server', dir: __dirname });
