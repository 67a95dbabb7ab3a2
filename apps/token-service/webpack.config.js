// tools/webpack/node-app.cjs holds the config every Node app shares.
module.exports = require('../../tools/webpack/node-app.cjs')('token-service', { scriptWorker: true });
