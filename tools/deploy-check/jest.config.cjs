// The checks run kubectl, nats-server and docker-compose as child processes: a minute per test
// leaves room for a busy machine.
module.exports = require('../../jest.swc.cjs')({ displayName: 'deploy-check', dir: __dirname, testTimeout: 60_000 });
