/** Routes the gateway serves outside its base path (`/am`): probes and the Prometheus scrape. */
export const UNPREFIXED_ROUTES = ['health/live', 'health/ready', 'metrics'];
