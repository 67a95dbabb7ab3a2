import { Injectable } from '@nestjs/common';
import { MAX_TOKEN_LENGTH, type TokenResolveReply, Messages } from '@mandate/contracts';
import { RpcClient } from '@mandate/platform';

/**
 * Asks token-service, which owns tokens, whether a presented token is live (contract §3.10):
 * issued by this realm, signature valid, unexpired, not revoked, its grant not revoked.
 */
@Injectable()
export class TokenStateClient {
  constructor(private readonly rpc: RpcClient) {}

  async resolve(realm: string, token: string): Promise<TokenResolveReply> {
    if (token.length > MAX_TOKEN_LENGTH) return { active: false };
    return this.rpc.request(Messages.token.resolve, { realm, token });
  }
}
