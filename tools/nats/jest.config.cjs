module.exports = require('../../jest.swc.cjs')({ displayName: 'nats-secrets', dir: __dirname });
