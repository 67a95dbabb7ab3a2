import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import { CrestError } from '@mandate/oauth';
import type { FastifyRequest } from 'fastify';
import type { RealmAwareRequest } from './realm-rewrite';

/** The realm path named by the URL (`/alpha`); a malformed realm path answers 404. */
export const RealmPath = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const raw = ctx.switchToHttp().getRequest<FastifyRequest>().raw as RealmAwareRequest;
  if (typeof raw.mandateRealm !== 'string') throw CrestError.notFound('Realm not found');
  return raw.mandateRealm;
});
