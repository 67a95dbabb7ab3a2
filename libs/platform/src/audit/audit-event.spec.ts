import { auditEventSchema, auditRecordRequestSchema } from '@mandate/contracts';
import { withCorrelationId } from '../logging/correlation';
import { type AuditInput, adminChange, auditEvent } from './audit-event';

const JWT = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJiamVuc2VuIn0.c2lnbmF0dXJlLXZhbHVlLXRoYXQtaXMtbG9uZw';
const OPAQUE = 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG8';
const SECRETS = [JWT, OPAQUE, 'mySecret', 'Ch4ng31t', 'AQIC5wM2LY4Sfcz-sso-token'];

/** A producer that passes more than it should: a request's parameters, a token's value, a client secret. */
const careless = {
  realm: '/alpha',
  event: 'token_refused',
  outcome: 'failure',
  client: 'hr-agent',
  grantType: 'password',
  error: 'invalid_grant',
  reason: `subject_token ${JWT} and refresh token ${OPAQUE} refused`,
  access_token: JWT,
  refresh_token: OPAQUE,
  client_secret: 'mySecret',
  password: 'Ch4ng31t',
  userpassword: 'Ch4ng31t',
  tokenId: 'AQIC5wM2LY4Sfcz-sso-token',
  params: { password: ['Ch4ng31t'], client_secret: ['mySecret'] },
  claims: { jti: OPAQUE },
} as unknown as AuditInput;

describe('audit events', () => {
  it('cannot carry a token, secret or password: unknown members are dropped and token-like text is cut from the reason', () => {
    const event = auditEvent(careless, new Date('2026-12-03T12:00:00.000Z'));
    const stored = JSON.stringify(event);
    expect(SECRETS.filter((secret) => stored.includes(secret))).toEqual([]);
    expect(event).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      time: '2026-12-03T12:00:00.000Z',
      realm: '/alpha',
      event: 'token_refused',
      outcome: 'failure',
      client: 'hr-agent',
      grantType: 'password',
      error: 'invalid_grant',
      reason: 'subject_token [redacted] and refresh token [redacted] refused',
    });
    expect(auditEventSchema.safeParse(event).success).toBe(true);
  });

  it('is refused by the audit store when it carries any other member', () => {
    const event = { ...auditEvent(careless), access_token: JWT };
    const parsed = auditRecordRequestSchema.safeParse({ events: [event] });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain('access_token');
  });

  it('keeps ids, lists and the correlation id of the request it records', () => {
    const event = withCorrelationId('req-1', () =>
      auditEvent({
        realm: '/alpha',
        event: 'token_exchanged',
        outcome: 'success',
        subject: 'b0c1e2f3-0000-4000-8000-000000000001',
        actors: ['hr-agent', 'mcp-agent'],
        scopes: ['read'],
        authGrantId: 'YWJjZGVmZ2hpamtsbW5vcHFyc3R',
        parentGrantIds: ['YWJjZGVmZ2hpamtsbW5vcHFyc3U'],
      }),
    );
    expect(event).toMatchObject({ actors: ['hr-agent', 'mcp-agent'], authGrantId: 'YWJjZGVmZ2hpamtsbW5vcHFyc3R', correlationId: 'req-1' });
  });

  it('fits the store\'s limits whatever the producer passes, so that a delivery is never refused', () => {
    const event = auditEvent({ realm: '/alpha', event: 'token_refused', outcome: 'failure', reason: 'x '.repeat(5000), scopes: Array.from({ length: 1000 }, (_, i) => `s${i}`) });
    expect(auditEventSchema.safeParse(event).success).toBe(true);
  });

  it('names an admin change by who, what and how', () => {
    expect(adminChange('/alpha', 'admin-id', 'delete', 'users/bjensen')).toEqual({ realm: '/alpha', event: 'admin_change', outcome: 'success', subject: 'admin-id', operation: 'delete', resource: 'users/bjensen' });
  });
});
