import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type TokenClaims, type TokenResolveReply, type TokenResolveRequest, Subjects, tokenResolveRequestSchema } from '@mandate/contracts';
import { ContractPipe, RealmClient } from '@mandate/platform';
import { TokenResolver } from './token-resolver.service';

@Controller()
export class TokenResolveHandler {
  constructor(
    private readonly realms: RealmClient,
    private readonly resolver: TokenResolver,
  ) {}

  @MessagePattern(Subjects.token.resolve)
  async resolve(@Payload(new ContractPipe(Subjects.token.resolve, tokenResolveRequestSchema)) request: TokenResolveRequest): Promise<TokenResolveReply> {
    const { path } = await this.realms.resolve(request.realm);
    const token = await this.resolver.resolve(path, request.token);
    return token ? { active: true, format: token.format, claims: token.claims as TokenClaims } : { active: false };
  }
}
