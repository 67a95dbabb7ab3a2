import { Controller } from '@nestjs/common';
import { Messages, type RealmResolveRequest, type RealmView } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { RealmService } from './realm.service';

@Controller()
export class RealmHandler {
  constructor(private readonly realms: RealmService) {}

  @Handles(Messages.registration.realmResolve)
  resolve(request: RealmResolveRequest): Promise<RealmView> {
    return this.realms.resolve(request.realm);
  }
}
