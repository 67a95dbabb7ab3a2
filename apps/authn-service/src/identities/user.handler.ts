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
import { UserService } from './user.service';

const S = Subjects.authn.users;

@Controller()
export class UserHandler {
  constructor(private readonly users: UserService) {}

  @MessagePattern(S.create)
  create(@Payload(new ContractPipe(S.create, identityCreateRequestSchema)) request: IdentityCreateRequest) {
    return this.users.create(request);
  }

  @MessagePattern(S.read)
  read(@Payload(new ContractPipe(S.read, identityReadRequestSchema)) request: IdentityReadRequest) {
    return this.users.read(request);
  }

  @MessagePattern(S.replace)
  replace(@Payload(new ContractPipe(S.replace, identityReplaceRequestSchema)) request: IdentityReplaceRequest) {
    return this.users.replace(request);
  }

  @MessagePattern(S.delete)
  delete(@Payload(new ContractPipe(S.delete, identityDeleteRequestSchema)) request: IdentityDeleteRequest) {
    return this.users.delete(request);
  }

  @MessagePattern(S.query)
  query(@Payload(new ContractPipe(S.query, identityQueryRequestSchema)) request: IdentityQueryRequest) {
    return this.users.query(request);
  }
}
