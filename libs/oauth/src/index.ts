export * from './errors/mandate-error';
export * from './errors/oauth-error';
export * from './errors/crest-error';
export * from './errors/envelope-mapping';
export * from './realm/realm-path';
export * from './ports/realm.store';
