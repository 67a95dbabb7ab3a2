import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** AM's SSO token name: the header admins script with, and the cookie browsers carry. */
export const SSO_TOKEN_NAME = 'iPlanetDirectoryPro';

/**
 * The caller's SSO token: the `iPlanetDirectoryPro` header (REST clients) or cookie (browsers).
 * Only carried to the owning service, which validates it; the gateway decides nothing.
 */
export const SsoToken = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  const header = request.headers[SSO_TOKEN_NAME.toLowerCase()];
  if (typeof header === 'string' && header.length > 0) return header;
  const cookie = request.cookies?.[SSO_TOKEN_NAME];
  return cookie && cookie.length > 0 ? cookie : undefined;
});
