export * from './persistence.module';
export * from './owned-schemas';
export * from './registration/realm.entity';
export * from './registration/typeorm-realm.store';
export * from './registration/registration.storage';
