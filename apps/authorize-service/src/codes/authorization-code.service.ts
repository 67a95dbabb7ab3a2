import { Inject, Injectable } from '@nestjs/common';
import type { ActiveSession, ClientView, CodeConsumeReply, CodeConsumeRequest } from '@mandate/contracts';
import { randomToken, sha256Base64url } from '@mandate/crypto';
import { AUTHORIZATION_CODE_STORE, type AuthorizationCodeStore } from '@mandate/oauth';
import { LOGGER, type Logger } from '@mandate/platform';
import type { PkceBinding } from '../steps/pkce.step';

/** How long a consumed code is kept after its expiry, so that a late replay still revokes its tokens. */
const REPLAY_MEMORY_MS = 24 * 3600_000;
/** Expired codes are deleted at most this often per process, on the way of a new code. */
const PURGE_EVERY_MS = 60_000;

export interface CodeIssue {
  realm: string;
  client: ClientView;
  /** The `redirect_uri` as sent, or undefined when the request left it out. */
  redirectUriSent: string | undefined;
  scopes: string[];
  /** RFC 8707: the checked `resource` values of the request. */
  resources: string[];
  pkce: PkceBinding | null;
  nonce: string | undefined;
  session: ActiveSession;
}

/** Authorization codes (am-spec §3.5, contract §3.7): 256 random bits, stored hashed, single use. */
@Injectable()
export class AuthorizationCodeService {
  private lastPurge = 0;

  constructor(
    @Inject(AUTHORIZATION_CODE_STORE) private readonly codes: AuthorizationCodeStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async issue(issue: CodeIssue, now = new Date()): Promise<string> {
    const code = randomToken(32);
    await this.codes.save({
      codeHash: sha256Base64url(code),
      realm: issue.realm,
      issuedAt: now,
      // contract §2: the client's lifetime, 0 already replaced by the provider's codeLifetime.
      expiresAt: new Date(now.getTime() + issue.client.authorizationCodeLifetime * 1000),
      grant: {
        clientId: issue.client.clientId,
        redirectUri: issue.redirectUriSent ?? null,
        scopes: issue.scopes,
        resources: issue.resources,
        userId: issue.session.userId,
        username: issue.session.username,
        authLevel: issue.session.authLevel,
        // The session reply carries no login time: the code's issue time stands in (codeGrantSchema).
        authTime: Math.floor(now.getTime() / 1000),
        codeChallenge: issue.pkce?.challenge ?? null,
        codeChallengeMethod: issue.pkce?.method ?? null,
        nonce: issue.nonce ?? null,
        authGrantId: randomToken(20),
      },
    });
    this.purgeNowAndThen(now);
    return code;
  }

  /** `authorize.code.consume`: the caller (token-service) checks client, redirect URI and PKCE. */
  async consume(request: CodeConsumeRequest, now = new Date()): Promise<CodeConsumeReply> {
    const result = await this.codes.consume(request.realm, sha256Base64url(request.code), now);
    const clientId = result.outcome === 'consumed' ? result.grant.clientId : undefined;
    this.logger.info({ event: 'authorize.code.consume', realm: request.realm, clientId, outcome: result.outcome }, 'authorization code redemption');
    return result;
  }

  private purgeNowAndThen(now: Date): void {
    if (now.getTime() - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now.getTime();
    this.codes.deleteExpired(now, new Date(now.getTime() - REPLAY_MEMORY_MS)).then(
      (deleted) => deleted && this.logger.debug({ deleted }, 'expired authorization codes deleted'),
      (err: unknown) => this.logger.warn({ err }, 'could not delete expired authorization codes'),
    );
  }
}
