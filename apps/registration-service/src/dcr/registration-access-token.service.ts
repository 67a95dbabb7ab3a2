import { Inject, Injectable } from '@nestjs/common';
import { randomToken, sha256Base64url, timingSafeEqualString } from '@mandate/crypto';
import { REGISTRATION_ACCESS_TOKEN_STORE, type Realm, type RegistrationAccessTokenStore } from '@mandate/oauth';

/** Compared against when a client has no token, so that a miss costs what a hit costs. */
const DECOY_HASH = sha256Base64url('no registration access token');

/**
 * RFC 7592 registration access tokens: issued at registration, replaced on every update
 * (am-spec §11.4), stored as SHA-256 and compared in constant time (STYLE habit 6).
 */
@Injectable()
export class RegistrationAccessTokens {
  constructor(@Inject(REGISTRATION_ACCESS_TOKEN_STORE) private readonly store: RegistrationAccessTokenStore) {}

  /** A new token for the client; the previous one stops working. */
  async issue(realm: Realm, clientId: string): Promise<string> {
    const { token, hash } = this.mint();
    await this.store.save(realm.id, clientId, hash);
    return token;
  }

  /** A token and the hash to store, for a client created with it in one transaction. */
  mint(): { token: string; hash: string } {
    const token = randomToken();
    return { token, hash: sha256Base64url(token) };
  }

  async verify(realm: Realm, clientId: string, presented: string | undefined): Promise<boolean> {
    const stored = await this.store.findHash(realm.id, clientId);
    const matches = timingSafeEqualString(sha256Base64url(presented ?? ''), stored ?? DECOY_HASH);
    return stored !== undefined && presented !== undefined && matches;
  }
}
