import { Controller } from '@nestjs/common';
import { type AuditEventType, type DcrDeleteRequest, type DcrReadRequest, type DcrRegisterRequest, type DcrUpdateRequest, Messages } from '@mandate/contracts';
import { MandateError } from '@mandate/oauth';
import { AuditRecorder, Handles } from '@mandate/platform';
import { DcrService } from './dcr.service';
import { isReplay } from '../idempotency/idempotent-replies';

const { dcrRegister, dcrRead, dcrUpdate, dcrDelete } = Messages.registration;

/** `oauth2/.../register` and `oauth2/.../aiagent/register` (am-spec §11.1), from the gateway. */
@Controller()
export class DcrHandler {
  constructor(
    private readonly dcr: DcrService,
    private readonly audit: AuditRecorder,
  ) {}

  @Handles(dcrRegister)
  register(r: DcrRegisterRequest) {
    return this.audited('client_registered', r, undefined, () => this.dcr.register(r));
  }

  @Handles(dcrRead)
  read(r: DcrReadRequest) {
    return this.dcr.read(r);
  }

  @Handles(dcrUpdate)
  update(r: DcrUpdateRequest) {
    return this.audited('client_updated', r, r.clientId, () => this.dcr.update(r));
  }

  @Handles(dcrDelete)
  remove(r: DcrDeleteRequest) {
    return this.audited('client_deleted', r, r.clientId, () => this.dcr.remove(r));
  }

  /**
   * One audit event per registration write (issue 20): the client, its endpoint and scopes, or
   * the refusal's error and reason. Never the metadata itself, the secret or a token.
   */
  private async audited<T>(event: AuditEventType, r: { realm: string; endpoint: string }, clientId: string | undefined, write: () => Promise<T>): Promise<T> {
    const resource = (id: string | undefined) => (id ? `${r.endpoint}?client_id=${id}` : r.endpoint);
    try {
      const answer = await write();
      // A retry answered with the first answer (Idempotency-Key) registered nothing: the first was audited.
      if (isReplay(answer)) return answer;
      const profile = (answer ?? {}) as Record<string, unknown>;
      const id = typeof profile.client_id === 'string' ? profile.client_id : clientId;
      const scopes = typeof profile.scope === 'string' ? profile.scope.split(' ').filter(Boolean) : undefined;
      await this.audit.record({ realm: r.realm, event, outcome: 'success', client: id, scopes, resource: resource(id) });
      return answer;
    } catch (error) {
      if (error instanceof MandateError && error.status < 500) {
        await this.audit.record({ realm: r.realm, event, outcome: 'failure', client: clientId, resource: resource(clientId), error: error.code, reason: error.detail ?? error.description });
      }
      throw error;
    }
  }
}
