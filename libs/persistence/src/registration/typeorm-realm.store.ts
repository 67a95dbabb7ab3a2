import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Realm, RealmStore, RealmWriter } from '@mandate/oauth';
import type { Repository } from 'typeorm';
import { RealmEntity } from './realm.entity';

@Injectable()
export class TypeOrmRealmStore implements RealmStore, RealmWriter {
  constructor(@InjectRepository(RealmEntity) private readonly realms: Repository<RealmEntity>) {}

  async findByPath(path: string): Promise<Realm | undefined> {
    const row = await this.realms.findOneBy({ path });
    return row ? toRealm(row) : undefined;
  }

  async list(): Promise<Realm[]> {
    return (await this.realms.find({ order: { path: 'ASC' } })).map(toRealm);
  }

  async ensure(path: string): Promise<Realm> {
    const name = path === '/' ? '/' : path.slice(path.lastIndexOf('/') + 1);
    await this.realms.query(`INSERT INTO "registration"."realms" ("path", "name") VALUES ($1, $2) ON CONFLICT ("path") DO NOTHING`, [path, name]);
    const realm = await this.findByPath(path);
    if (!realm) throw new Error(`realm ${path} could not be created`);
    return realm;
  }
}

function toRealm(row: RealmEntity): Realm {
  return { id: row.id, path: row.path, name: row.name, active: row.active };
}
