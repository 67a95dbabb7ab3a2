import type { ServiceStorage } from './persistence.module';

/**
 * Services whose tables come with later work still own a schema from the first start, so
 * that readiness checks and migrations behave the same for every service.
 */
function schemaOnly(schema: string): ServiceStorage {
  return { schema, entities: [], migrations: [], stores: [] };
}

export const introspectionStorage = schemaOnly('introspection');
