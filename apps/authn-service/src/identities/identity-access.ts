import { Injectable } from '@nestjs/common';
import { CrestError } from '@mandate/oauth';
import { type LiveSession, SsoSessionService } from '../sessions/sso-session.service';

/**
 * am-spec §2.3: identity REST needs amadmin's SSO token. None or a dead one → 401
 * `Access Denied`; a live non-admin session → 403 `User, <name>, not authorized.`
 */
@Injectable()
export class IdentityAccess {
  constructor(private readonly sessions: SsoSessionService) {}

  async caller(tokenId: string | undefined): Promise<LiveSession> {
    const live = await this.sessions.validate(tokenId);
    if (!live) throw CrestError.unauthorized('Access Denied');
    return live;
  }

  async requireAdmin(tokenId: string | undefined): Promise<LiveSession> {
    const live = await this.caller(tokenId);
    if (!live.isAdmin) throw notAuthorized(live);
    return live;
  }
}

export function notAuthorized(live: LiveSession): CrestError {
  return CrestError.forbidden(`User, ${live.session.username}, not authorized.`);
}

/** CREST `If-Match`: absent or `*` → unconditional; a `_rev` → that revision; anything else fails. */
export function expectedRevision(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '*') return undefined;
  const rev = ifMatch.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
  return /^\d{1,9}$/.test(rev) ? Number(rev) : -1;
}
