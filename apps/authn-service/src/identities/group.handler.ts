import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type IdentityCreateRequest,
  type IdentityDeleteRequest,
  type IdentityQueryRequest,
  type IdentityReadRequest,
  type IdentityReplaceRequest,
  Subjects,
  identityCreateRequestSchema,
  identityDeleteRequestSchema,
  identityQueryRequestSchema,
  identityReadRequestSchema,
  identityReplaceRequestSchema,
} from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { GroupService } from './group.service';

const S = Subjects.authn.groups;

@Controller()
export class GroupHandler {
  constructor(private readonly groups: GroupService) {}

  @MessagePattern(S.create)
  create(@Payload(new ContractPipe(S.create, identityCreateRequestSchema)) request: IdentityCreateRequest) {
    return this.groups.create(request);
  }

  @MessagePattern(S.read)
  read(@Payload(new ContractPipe(S.read, identityReadRequestSchema)) request: IdentityReadRequest) {
    return this.groups.read(request);
  }

  @MessagePattern(S.replace)
  replace(@Payload(new ContractPipe(S.replace, identityReplaceRequestSchema)) request: IdentityReplaceRequest) {
    return this.groups.replace(request);
  }

  @MessagePattern(S.delete)
  delete(@Payload(new ContractPipe(S.delete, identityDeleteRequestSchema)) request: IdentityDeleteRequest) {
    return this.groups.delete(request);
  }

  @MessagePattern(S.query)
  query(@Payload(new ContractPipe(S.query, identityQueryRequestSchema)) request: IdentityQueryRequest) {
    return this.groups.query(request);
  }
}
