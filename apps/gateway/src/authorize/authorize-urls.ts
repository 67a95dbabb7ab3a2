import { realmUrlSegment } from '@mandate/oauth';

/** Paths (no origin: the browser stays on the host it used) of the realm's authorize and login pages. */
export class AuthorizeUrls {
  constructor(private readonly basePath: string) {}

  authorize(realm: string): string {
    return `${this.basePath}/oauth2${realmUrlSegment(realm)}/authorize`;
  }

  login(realm: string): string {
    return `${this.basePath}/oauth2${realmUrlSegment(realm)}/login`;
  }

  /** The login page, with a `goto` back to this authorize request (its consent answer left out, every RFC 8707 `resource` kept). */
  loginReturningTo(realm: string, params: Record<string, string>, resources: string[] = []): string {
    const query = new URLSearchParams(withoutConsentAnswer(params));
    for (const resource of resources) query.append('resource', resource);
    const back = query.toString();
    const goto = `${this.authorize(realm)}${back ? `?${back}` : ''}`;
    return `${this.login(realm)}?${new URLSearchParams({ goto }).toString()}`;
  }
}

/** The request's own parameters, without `csrf` and `decision` (the consent page adds its own). */
export function withoutConsentAnswer(params: Record<string, string>): Record<string, string> {
  const { csrf: _csrf, decision: _decision, ...rest } = params;
  return rest;
}
