import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SqlReplayStore } from '../replay/sql-replay.store';

/** `token.replay_claims`: the DPoP proof ids token-service has seen (swept by its ReplaySweeper). */
@Injectable()
export class TypeOrmReplayStore extends SqlReplayStore {
  constructor(db: DataSource) {
    super(db, '"token"."replay_claims"');
  }
}
