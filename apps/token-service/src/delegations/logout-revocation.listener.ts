import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { SessionEndedEvent } from '@mandate/contracts';
import { TOKEN_STORE, type TokenStore } from '@mandate/oauth';
import { AuditRecorder, LOGGER, type Logger, RegistrationConfigClient, SessionClient } from '@mandate/platform';

/**
 * The provider setting `advancedOAuth2Config.revokeTokensOnLogout` (issue 20 item 3, off by
 * default as in AM): a user's logout revokes every token whose subject is that user, and their
 * descendants. `authn.session.ended` reaches every replica; the revocation is idempotent.
 */
@Injectable()
export class LogoutRevocationListener implements OnModuleInit, OnModuleDestroy {
  private unsubscribe?: () => void;

  constructor(
    private readonly sessions: SessionClient,
    private readonly config: RegistrationConfigClient,
    @Inject(TOKEN_STORE) private readonly store: TokenStore,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly audit: AuditRecorder,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.sessions.onEnded((event) => {
      this.apply(event).catch((error: unknown) => this.logger.error({ err: error, realm: event.realm }, "a logout's token revocation failed"));
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  async apply(event: SessionEndedEvent): Promise<void> {
    if (event.reason !== 'logout' || !event.realm || !event.userId) return;
    const provider = await this.config.provider(event.realm);
    if ((provider.advancedOAuth2Config as Record<string, unknown>)['revokeTokensOnLogout'] !== true) return;
    const revoked = await this.store.revokeSubject(event.realm, event.userId);
    if (revoked) await this.audit.record({ realm: event.realm, event: 'token_revoked', outcome: 'success', subject: event.userId, reason: `logout (revokeTokensOnLogout): ${revoked} grants revoked` });
    this.logger.info({ event: 'logout.tokens.revoked', realm: event.realm, subject: event.userId, revoked }, "a user's tokens were revoked at logout");
  }
}
