import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions, type MixedList } from 'typeorm';

/** What one service owns in Postgres: a schema, its entities, its migrations and the stores over them. */
export interface ServiceStorage {
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
  stores: Provider[];
}

export interface ConnectionSettings {
  DATABASE_URL: string;
  DATABASE_POOL_SIZE: number;
}

/**
 * The data source of one service. Each service keeps its tables in its own Postgres schema
 * and its own migrations table, and runs its migrations at start under an advisory lock so
 * that replicas starting together migrate once.
 */
@Module({})
export class PersistenceModule {
  static forService(storage: ServiceStorage, connection: () => ConnectionSettings): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          // A database that is not up yet is retried for ~10 s before the start fails.
          useFactory: () => ({ ...dataSourceOptions(storage, connection()), retryAttempts: 20, retryDelay: 500 }),
          dataSourceFactory: async (options) => migrate(await new DataSource(options as DataSourceOptions).initialize(), storage.schema),
        }),
      ],
      providers: storage.stores,
      exports: [...storage.stores, TypeOrmModule],
    };
  }
}

export function dataSourceOptions(storage: ServiceStorage, connection: ConnectionSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: connection.DATABASE_URL,
    schema: storage.schema,
    entities: storage.entities,
    migrations: storage.migrations,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    logging: false,
    extra: { max: connection.DATABASE_POOL_SIZE, connectionTimeoutMillis: 5000 },
  };
}

export async function migrate(dataSource: DataSource, schema: string): Promise<DataSource> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`mandate.migrate.${schema}`]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`mandate.migrate.${schema}`]).catch(() => undefined);
    await runner.release();
  }
  return dataSource;
}
