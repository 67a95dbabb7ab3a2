import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { NewSigningKey, SigningKeyStore, StoredSigningKey } from '@mandate/oauth';
import type { Repository } from 'typeorm';
import { SigningKeyEntity } from './signing-key.entity';

const TABLE = '"token"."signing_keys"';

@Injectable()
export class TypeOrmSigningKeyStore implements SigningKeyStore {
  constructor(@InjectRepository(SigningKeyEntity) private readonly keys: Repository<SigningKeyEntity>) {}

  async findPublished(realm: string, at: Date): Promise<StoredSigningKey[]> {
    const rows = await this.keys
      .createQueryBuilder('k')
      .where('k.realm = :realm', { realm })
      .andWhere(`(k.status = 'active' OR k.notAfter > :at)`, { at })
      .orderBy('k.status', 'ASC')
      .addOrderBy('k.createdAt', 'DESC')
      .getMany();
    return rows.map(toStoredKey);
  }

  async findActiveCreatedBefore(before: Date): Promise<StoredSigningKey[]> {
    const rows = await this.keys
      .createQueryBuilder('k')
      .where(`k.status = 'active'`)
      .andWhere('k.createdAt < :before', { before })
      .orderBy('k.createdAt', 'ASC')
      .getMany();
    return rows.map(toStoredKey);
  }

  async insertActiveIfAbsent(key: NewSigningKey): Promise<boolean> {
    const inserted: unknown[] = await this.keys.query(
      `INSERT INTO ${TABLE} ("realm", "kid", "alg", "public_jwk", "private_jwk", "status")
       VALUES ($1, $2, $3, $4, $5, 'active')
       ON CONFLICT ("realm") WHERE "status" = 'active' DO NOTHING
       RETURNING "id"`,
      insertParameters(key),
    );
    return inserted.length === 1;
  }

  replaceActive(expectedActiveKid: string, next: NewSigningKey, retiredNotAfter: Date): Promise<boolean> {
    return this.keys.manager.transaction(async (tx) => {
      // Row lock: a concurrent rotation of the same key waits here, then finds it retired.
      const [retired] = await tx.query(
        `UPDATE ${TABLE} SET "status" = 'retired', "retired_at" = now(), "not_after" = $3
          WHERE "realm" = $1 AND "kid" = $2 AND "status" = 'active'
          RETURNING "id"`,
        [next.realm, expectedActiveKid, retiredNotAfter],
      );
      if (!retired?.length) return false;
      await tx.query(
        `INSERT INTO ${TABLE} ("realm", "kid", "alg", "public_jwk", "private_jwk", "status") VALUES ($1, $2, $3, $4, $5, 'active')`,
        insertParameters(next),
      );
      return true;
    });
  }
}

function insertParameters(key: NewSigningKey): unknown[] {
  return [key.realm, key.kid, key.alg, JSON.stringify(key.publicJwk), JSON.stringify(key.sealedPrivateJwk)];
}

function toStoredKey(row: SigningKeyEntity): StoredSigningKey {
  const key: StoredSigningKey = {
    id: row.id,
    realm: row.realm,
    kid: row.kid,
    alg: row.alg,
    publicJwk: row.publicJwk,
    sealedPrivateJwk: row.privateJwk,
    status: row.status,
    createdAt: row.createdAt,
  };
  if (row.retiredAt) key.retiredAt = row.retiredAt;
  if (row.notAfter) key.notAfter = row.notAfter;
  return key;
}
