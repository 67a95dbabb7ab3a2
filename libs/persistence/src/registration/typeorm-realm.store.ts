import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Realm, RealmStore } from '@mandate/oauth';
import type { Repository } from 'typeorm';
import { RealmEntity } from './realm.entity';

@Injectable()
export class TypeOrmRealmStore implements RealmStore {
  constructor(@InjectRepository(RealmEntity) private readonly realms: Repository<RealmEntity>) {}

  async findByPath(path: string): Promise<Realm | undefined> {
    const row = await this.realms.findOneBy({ path });
    return row ? toRealm(row) : undefined;
  }

  async list(): Promise<Realm[]> {
    return (await this.realms.find({ order: { path: 'ASC' } })).map(toRealm);
  }
}

function toRealm(row: RealmEntity): Realm {
  return { id: row.id, path: row.path, name: row.name, active: row.active };
}
