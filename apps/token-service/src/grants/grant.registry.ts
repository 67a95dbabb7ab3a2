import { Inject, Injectable } from '@nestjs/common';
import { UnsupportedGrantTypeError } from '@mandate/oauth';
import { GRANT_HANDLERS, type GrantHandler } from './grant-handler';

/** Dispatches on `grant_type` (STYLE habit 1): no switch, one handler per grant, built from DI. */
@Injectable()
export class GrantRegistry {
  private readonly byType: ReadonlyMap<string, GrantHandler>;

  constructor(@Inject(GRANT_HANDLERS) handlers: GrantHandler[]) {
    this.byType = new Map(handlers.map((h) => [h.grantType, h]));
  }

  get(grantType: string): GrantHandler {
    const handler = this.byType.get(grantType);
    if (!handler) throw new UnsupportedGrantTypeError(grantType);
    return handler;
  }

  types(): string[] {
    return [...this.byType.keys()];
  }
}
