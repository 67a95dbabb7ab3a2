import { Controller } from '@nestjs/common';
import { Messages, type TokenClaims, type TokenResolveReply, type TokenResolveRequest } from '@mandate/contracts';
import { Handles, RealmClient } from '@mandate/platform';
import { TokenResolver } from './token-resolver.service';

@Controller()
export class TokenResolveHandler {
  constructor(
    private readonly realms: RealmClient,
    private readonly resolver: TokenResolver,
  ) {}

  @Handles(Messages.token.resolve)
  async resolve(request: TokenResolveRequest): Promise<TokenResolveReply> {
    const { path } = await this.realms.resolve(request.realm);
    const token = await this.resolver.resolve(path, request.token);
    return token ? { active: true, format: token.format, claims: token.claims as TokenClaims } : { active: false };
  }
}
