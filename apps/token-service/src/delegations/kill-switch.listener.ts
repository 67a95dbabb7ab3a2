import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { ConfigChangedEvent } from '@mandate/contracts';
import { TOKEN_STORE, type TokenStore } from '@mandate/oauth';
import { AuditRecorder, ConfigCaches, LOGGER, type Logger, RegistrationConfigClient } from '@mandate/platform';

/**
 * Kill switches that outlive the configuration (issue 20 item 3). The resolver already refuses
 * every token of an Inactive or deleted client, or naming it in its `act` chain, from the
 * moment `registration.config.changed` arrives (PrincipalStatus); this writes it down as well,
 * so that the tokens stay dead if the agent comes back (a re-created client, Active again), and
 * revokes what an application policy authorised when the policy is deleted. Every replica gets
 * every event; the revocations are idempotent (rows already revoked are left as they are).
 */
@Injectable()
export class KillSwitchListener implements OnModuleInit, OnModuleDestroy {
  private unsubscribe?: () => void;

  constructor(
    private readonly caches: ConfigCaches,
    private readonly config: RegistrationConfigClient,
    @Inject(TOKEN_STORE) private readonly store: TokenStore,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly audit: AuditRecorder,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.caches.onChange((event) => {
      this.apply(event).catch((error: unknown) => this.logger.error({ err: error, event }, 'a kill switch could not be written down'));
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  async apply(event: ConfigChangedEvent): Promise<void> {
    if (event.kind === 'client') {
      const client = await this.config.client(event.realm, event.id);
      if (client?.status === 'Active') return;
      const revoked = await this.store.revokePrincipal(event.realm, event.id);
      if (!revoked) return;
      // Every replica hears the event; the one whose revocation changed rows records it.
      const why = client ? `client set ${client.status}` : 'client deleted';
      await this.audit.record({ realm: event.realm, event: 'token_revoked', outcome: 'success', client: event.id, reason: `${why}: its ${revoked} grants and those naming it in their act chain revoked` });
      this.logger.info({ event: 'client.tokens.revoked', realm: event.realm, clientId: event.id, revoked }, 'an inactive or deleted client’s grants were revoked');
    } else if (event.kind === 'policy') {
      const [agentId, applicationId] = event.id.split('/');
      if (!agentId || !applicationId || (await this.config.policy(event.realm, agentId, applicationId))) return;
      const revoked = await this.store.revokePolicy(event.realm, event.id);
      if (!revoked) return;
      await this.audit.record({ realm: event.realm, event: 'token_revoked', outcome: 'success', client: agentId, reason: `application policy ${event.id} deleted: the ${revoked} grants it authorised revoked` });
      this.logger.info({ event: 'policy.tokens.revoked', realm: event.realm, policy: event.id, revoked }, 'a deleted application policy’s grants were revoked');
    }
  }
}
