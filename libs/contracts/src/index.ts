export * from './subjects';
export * from './envelope/error-envelope';
export * from './envelope/validate';
export * from './realm/realm-resolve.message';
export * from './discovery/discovery-get.message';
export * from './health/health-check.message';
export * from './authn/session-validate.message';
