/** Routes the gateway serves outside its base path (`/am`): the probes. (`/metrics` is on the internal HEALTH_PORT.) */
export const UNPREFIXED_ROUTES = ['health/live', 'health/ready'];
