import { MandateError } from '@mandate/oauth';
import type { Logger } from '@mandate/platform';

/** What an exchange audit event names (STYLE habit 11): who, for whom, through whom, where, what. Never a token value. */
export interface ExchangeAuditRecord {
  realm: string;
  /** The acting client. */
  client: string;
  /** `may_act` (AM) or `policy` (AIC), once decided. */
  path?: 'may_act' | 'policy' | 'id-jag';
  subject?: string;
  /** The issued token's actor chain, newest first (empty: impersonation). */
  actors?: string[];
  audience?: string[];
  scope?: string[];
  /** The new grant, for correlating with revocations. */
  authGrantId?: string;
}

/** One audit event per exchange outcome; a refusal carries its log-only reason (contract §3.6). */
export function auditExchange(logger: Logger, record: ExchangeAuditRecord, error?: unknown): void {
  if (!error) {
    logger.info({ event: 'token_exchange', outcome: 'granted', ...record }, 'token exchange granted');
    return;
  }
  const refusal = error instanceof MandateError && error.status < 500;
  const reason = error instanceof MandateError ? (error.detail ?? error.description) : 'unexpected error';
  logger.info({ event: 'token_exchange', outcome: refusal ? 'refused' : 'failed', error: error instanceof MandateError ? error.code : 'server_error', reason, ...record }, 'token exchange refused');
}
