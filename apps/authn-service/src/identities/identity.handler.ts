import { Controller, Inject, type Type } from '@nestjs/common';
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
import { UserService } from './user.service';

interface IdentitySubjects {
  create: string;
  read: string;
  replace: string;
  delete: string;
  query: string;
}

/** What users and groups both offer: AM's CREST verbs on one kind of identity. */
interface IdentityResources {
  create(request: IdentityCreateRequest): unknown;
  read(request: IdentityReadRequest): unknown;
  replace(request: IdentityReplaceRequest): unknown;
  delete(request: IdentityDeleteRequest): unknown;
  query(request: IdentityQueryRequest): unknown;
}

/** The NATS handlers of one identity kind: each message validated, then handed to its service. */
function identityHandler(S: IdentitySubjects, service: Type<IdentityResources>) {
  @Controller()
  class IdentityHandler {
    constructor(@Inject(service) readonly resources: IdentityResources) {}

    @MessagePattern(S.create)
    create(@Payload(new ContractPipe(S.create, identityCreateRequestSchema)) request: IdentityCreateRequest) {
      return this.resources.create(request);
    }

    @MessagePattern(S.read)
    read(@Payload(new ContractPipe(S.read, identityReadRequestSchema)) request: IdentityReadRequest) {
      return this.resources.read(request);
    }

    @MessagePattern(S.replace)
    replace(@Payload(new ContractPipe(S.replace, identityReplaceRequestSchema)) request: IdentityReplaceRequest) {
      return this.resources.replace(request);
    }

    @MessagePattern(S.delete)
    delete(@Payload(new ContractPipe(S.delete, identityDeleteRequestSchema)) request: IdentityDeleteRequest) {
      return this.resources.delete(request);
    }

    @MessagePattern(S.query)
    query(@Payload(new ContractPipe(S.query, identityQueryRequestSchema)) request: IdentityQueryRequest) {
      return this.resources.query(request);
    }
  }
  return IdentityHandler;
}

export const UserHandler = identityHandler(Subjects.authn.users, UserService);
export const GroupHandler = identityHandler(Subjects.authn.groups, GroupService);
