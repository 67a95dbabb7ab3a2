import { Inject, Injectable } from '@nestjs/common';
import type {
  ActiveSession,
  Approval,
  ApprovalDecideRequest,
  ApprovalsListReply,
  ApprovalsListRequest,
  CibaCreateReply,
  CibaCreateRequest,
  CibaPollReply,
  CibaPollRequest,
} from '@mandate/contracts';
import { createHmac } from 'node:crypto';
import { randomToken, sha256Base64url } from '@mandate/crypto';
import { CIBA_REQUEST_STORE, type CibaRequestRecord, type CibaRequestStore, CrestError } from '@mandate/oauth';
import { LOGGER, type Logger, RegistrationConfigClient, SessionClient } from '@mandate/platform';
import { type DecideOutcome, decideApproval, decidePoll } from './ciba-state';

/** Requests are deleted this long after their expiry. */
const KEEP_AFTER_EXPIRY_MS = 3600_000;
const PURGE_EVERY_MS = 60_000;
const NOTIFY_TIMEOUT_MS = 5000;

/** The header the approvals webhook signs its body with: `sha256=<hex HMAC-SHA256 of the raw body>`. */
export const SIGNATURE_HEADER = 'X-Mandate-Signature';

/**
 * OpenID CIBA Core 1.0 (issue 21): the requests token-service accepted at `bc-authorize`, the
 * user's decisions, and the token endpoint's polls. Ping-mode clients are notified when the user
 * decides (§10.2); the realm's webhook, when configured, hears of every new request and decision.
 */
@Injectable()
export class CibaService {
  private lastPurge = 0;

  constructor(
    @Inject(CIBA_REQUEST_STORE) private readonly store: CibaRequestStore,
    private readonly sessions: SessionClient,
    private readonly config: RegistrationConfigClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async create(request: CibaCreateRequest, now = new Date()): Promise<CibaCreateReply> {
    const authReqId = randomToken(32);
    const record: CibaRequestRecord = {
      idHash: sha256Base64url(authReqId),
      approvalId: randomToken(16),
      realm: request.realm,
      clientId: request.clientId,
      clientName: request.clientName ?? null,
      userId: request.userId,
      username: request.username,
      scopes: request.scopes,
      resources: request.resources,
      actors: request.actors,
      bindingMessage: request.bindingMessage,
      deliveryMode: request.deliveryMode,
      notificationEndpoint: request.notificationEndpoint,
      notificationToken: request.notificationToken,
      pingAuthReqId: request.deliveryMode === 'ping' ? authReqId : null,
      interval: request.interval,
      status: 'pending',
      createdAt: now,
      expiresAt: new Date(now.getTime() + request.expiresIn * 1000),
      lastPolledAt: null,
      decidedAt: null,
      consumedAt: null,
      authGrantId: randomToken(20),
    };
    await this.store.save(record);
    this.logger.info({ event: 'ciba.requested', realm: request.realm, clientId: request.clientId, mode: request.deliveryMode }, 'backchannel authentication request');
    this.webhook(record, 'approval_requested');
    this.purgeNowAndThen(now);
    return { authReqId, expiresIn: request.expiresIn, interval: request.interval };
  }

  async poll(request: CibaPollRequest, now = new Date()): Promise<CibaPollReply> {
    const reply = await this.store.update<CibaPollReply>(request.realm, { idHash: sha256Base64url(request.authReqId) }, (r) => {
      // CIBA §11: an auth_req_id of another client is invalid_grant, as an unknown one.
      if (r.clientId !== request.clientId) return { result: { outcome: 'invalid' } };
      const { outcome, change } = decidePoll(r, now);
      if (outcome !== 'approved') return { change, result: { outcome, interval: change.interval ?? r.interval } };
      const grant = {
        clientId: r.clientId,
        userId: r.userId,
        username: r.username,
        scopes: r.scopes,
        resources: r.resources,
        authTime: Math.floor((r.decidedAt ?? now).getTime() / 1000),
        authLevel: 0,
        authGrantId: r.authGrantId,
      };
      return { change, result: { outcome, grant } };
    });
    return reply ?? { outcome: 'invalid' };
  }

  async list(request: ApprovalsListRequest, now = new Date()): Promise<ApprovalsListReply> {
    const session = await this.session(request);
    const result = (await this.store.pendingFor(request.realm, session.userId, now)).map(toApproval);
    return { username: session.username, result, resultCount: result.length };
  }

  async decide(request: ApprovalDecideRequest, now = new Date()): Promise<Approval> {
    const session = await this.session(request);
    const decided = await this.store.update<{ outcome: DecideOutcome | 'unknown'; record: CibaRequestRecord }>(request.realm, { approvalId: request.id }, (r) => {
      if (r.userId !== session.userId) return { result: { outcome: 'unknown', record: r } };
      const { outcome, change } = decideApproval(r, request.action, now);
      return { change, result: { outcome, record: { ...r, ...change } } };
    });
    if (!decided || decided.outcome === 'unknown') throw CrestError.notFound(`No pending request ${request.id}`);
    if (decided.outcome === 'expired') throw CrestError.badRequest('The request has expired');
    if (decided.outcome === 'decided') throw CrestError.conflict(`The request was already ${decided.record.status}`);
    this.logger.info({ event: `ciba.${decided.outcome}`, realm: request.realm, clientId: decided.record.clientId }, 'backchannel authentication request decided');
    this.notify(decided.record);
    this.webhook(decided.record, decided.outcome === 'approved' ? 'approval_approved' : 'approval_denied');
    return toApproval(decided.record);
  }

  /** The signed-in user of the realm; a `user` in the URL must name them (their username or `_id`). */
  private async session(request: { realm: string; ssoToken?: string; user?: string }): Promise<ActiveSession> {
    const session = await this.sessions.validate(request.ssoToken);
    if (!session || session.realm !== request.realm) throw CrestError.unauthorized('Access Denied');
    if (request.user !== undefined && request.user !== session.username && request.user !== session.userId) {
      throw CrestError.forbidden(`User, ${session.username}, not authorized.`);
    }
    return session;
  }

  /** CIBA §10.2: ping mode, POST `{auth_req_id}` with the client's bearer token; failures are logged, the client can still poll. */
  private notify(r: CibaRequestRecord): void {
    if (r.deliveryMode !== 'ping' || !r.notificationEndpoint || !r.pingAuthReqId) return;
    fetch(r.notificationEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${r.notificationToken ?? ''}` },
      body: JSON.stringify({ auth_req_id: r.pingAuthReqId }),
      redirect: 'manual',
      signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS),
    }).then(
      (res) => this.logger.info({ event: 'ciba.ping', clientId: r.clientId, status: res.status }, 'client notified'),
      (err: unknown) => this.logger.warn({ event: 'ciba.ping', clientId: r.clientId, err: String(err) }, 'client notification failed'),
    );
  }

  /** The realm's approvals webhook (`cibaConfig.approvalWebhookUrl`), its body signed with `cibaConfig.approvalWebhookSecret`. */
  private webhook(r: CibaRequestRecord, event: string): void {
    void this.config
      .provider(r.realm)
      .then(async (provider) => {
        const section = (provider as Record<string, unknown>)['cibaConfig'] as Record<string, unknown> | undefined;
        const url = section?.['approvalWebhookUrl'];
        const secret = section?.['approvalWebhookSecret'];
        if (typeof url !== 'string' || url === '') return;
        const body = JSON.stringify({ event, realm: r.realm, time: new Date().toISOString(), user: r.username, userId: r.userId, approval: toApproval(r) });
        const signature = typeof secret === 'string' && secret !== '' ? `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` : undefined;
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...(signature ? { [SIGNATURE_HEADER]: signature } : {}) },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS),
        });
        this.logger.info({ event: 'ciba.webhook', realm: r.realm, status: res.status }, 'approvals webhook called');
      })
      .catch((err: unknown) => this.logger.warn({ event: 'ciba.webhook', realm: r.realm, err: String(err) }, 'approvals webhook failed'));
  }

  private purgeNowAndThen(now: Date): void {
    if (now.getTime() - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now.getTime();
    this.store.deleteExpired(new Date(now.getTime() - KEEP_AFTER_EXPIRY_MS)).catch((err: unknown) => this.logger.warn({ err }, 'could not delete expired CIBA requests'));
  }
}

function toApproval(r: CibaRequestRecord): Approval {
  return {
    _id: r.approvalId,
    clientId: r.clientId,
    clientName: r.clientName,
    bindingMessage: r.bindingMessage,
    scopes: r.scopes,
    resources: r.resources,
    actors: r.actors,
    status: r.status,
    created: r.createdAt.toISOString(),
    expires: r.expiresAt.toISOString(),
  };
}
