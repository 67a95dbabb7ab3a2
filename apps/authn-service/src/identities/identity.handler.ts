import { Controller, Inject, type Type } from '@nestjs/common';
import {
  type IdentityCreateRequest,
  type IdentityDeleteRequest,
  type IdentityQueryReply,
  type IdentityQueryRequest,
  type IdentityReadRequest,
  type IdentityReplaceRequest,
  type IdentityResource,
  Messages,
} from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { GroupService } from './group.service';
import { UserService } from './user.service';

type IdentityMessages = typeof Messages.authn.users | typeof Messages.authn.groups;

/** What users and groups both offer: AM's CREST verbs on one kind of identity. */
interface IdentityResources {
  create(request: IdentityCreateRequest): Promise<IdentityResource>;
  read(request: IdentityReadRequest): Promise<IdentityResource>;
  replace(request: IdentityReplaceRequest): Promise<IdentityResource>;
  delete(request: IdentityDeleteRequest): Promise<IdentityResource>;
  query(request: IdentityQueryRequest): Promise<IdentityQueryReply>;
}

/** The NATS handlers of one identity kind: each message validated, then handed to its service. */
function identityHandler(S: IdentityMessages, service: Type<IdentityResources>) {
  @Controller()
  class IdentityHandler {
    constructor(@Inject(service) readonly resources: IdentityResources) {}

    @Handles(S.create)
    create(request: IdentityCreateRequest) {
      return this.resources.create(request);
    }

    @Handles(S.read)
    read(request: IdentityReadRequest) {
      return this.resources.read(request);
    }

    @Handles(S.replace)
    replace(request: IdentityReplaceRequest) {
      return this.resources.replace(request);
    }

    @Handles(S.delete)
    delete(request: IdentityDeleteRequest) {
      return this.resources.delete(request);
    }

    @Handles(S.query)
    query(request: IdentityQueryRequest) {
      return this.resources.query(request);
    }
  }
  return IdentityHandler;
}

export const UserHandler = identityHandler(Messages.authn.users, UserService);
export const GroupHandler = identityHandler(Messages.authn.groups, GroupService);
