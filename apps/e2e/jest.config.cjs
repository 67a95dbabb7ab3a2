// Black-box tests: real Postgres and NATS, Mandate's built apps as real processes, HTTP through the gateway.
module.exports = require('../../jest.swc.cjs')({
  displayName: 'e2e',
  dir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e.spec.ts'],
  testTimeout: 120000,
  maxWorkers: 1,
});
