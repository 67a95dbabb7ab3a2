import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SqlReplayStore } from '../replay/sql-replay.store';

/** One claim in this many also purges expired rows, so that the table holds only live `jti`s. */
const PURGE_EVERY = 100;

/** `registration.assertion_replay`: the client assertion ids registration-service has seen. */
@Injectable()
export class AssertionReplayStore extends SqlReplayStore {
  private claims = 0;

  constructor(db: DataSource) {
    super(db, '"registration"."assertion_replay"');
  }

  override async claim(scope: string, jti: string, expiresAt: Date): Promise<boolean> {
    if (++this.claims % PURGE_EVERY === 0) await this.deleteExpired(new Date());
    return super.claim(scope, jti, expiresAt);
  }
}
