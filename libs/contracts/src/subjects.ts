/**
 * NATS subjects. A subject names its owning service first, so that ownership is visible in
 * every log line and every queue group listens only to its own prefix.
 */
export const ServiceNames = {
  authn: 'authn-service',
  authorize: 'authorize-service',
  token: 'token-service',
  introspection: 'introspection-service',
  registration: 'registration-service',
} as const;
export type ServiceName = (typeof ServiceNames)[keyof typeof ServiceNames];

export const Subjects = {
  authn: {
    sessionValidate: 'authn.session.validate',
  },
  registration: {
    realmResolve: 'registration.realm.resolve',
    discoveryGet: 'registration.discovery.get',
  },
  /** Every service answers `<service>.health` with its readiness. */
  health: (service: ServiceName) => `${service}.health`,
} as const;

/** NATS header that carries the correlation id across hops. */
export const CORRELATION_HEADER = 'x-correlation-id';
