import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Subjects, type RealmResolveRequest, type RealmView, realmResolveRequestSchema } from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { RealmService } from './realm.service';

@Controller()
export class RealmHandler {
  constructor(private readonly realms: RealmService) {}

  @MessagePattern(Subjects.registration.realmResolve)
  resolve(@Payload(new ContractPipe(Subjects.registration.realmResolve, realmResolveRequestSchema)) request: RealmResolveRequest): Promise<RealmView> {
    return this.realms.resolve(request.realm);
  }
}
