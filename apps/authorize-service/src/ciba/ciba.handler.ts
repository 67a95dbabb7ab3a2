import { Controller } from '@nestjs/common';
import {
  type Approval,
  type ApprovalDecideRequest,
  type ApprovalsListReply,
  type ApprovalsListRequest,
  type CibaCreateReply,
  type CibaCreateRequest,
  type CibaPollReply,
  type CibaPollRequest,
  Messages,
} from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { CibaService } from './ciba.service';

/** CIBA requests (token-service) and the user's approvals (gateway). */
@Controller()
export class CibaHandler {
  constructor(private readonly ciba: CibaService) {}

  @Handles(Messages.authorize.cibaCreate)
  create(request: CibaCreateRequest): Promise<CibaCreateReply> {
    return this.ciba.create(request);
  }

  @Handles(Messages.authorize.cibaPoll)
  poll(request: CibaPollRequest): Promise<CibaPollReply> {
    return this.ciba.poll(request);
  }

  @Handles(Messages.authorize.approvalsList)
  list(request: ApprovalsListRequest): Promise<ApprovalsListReply> {
    return this.ciba.list(request);
  }

  @Handles(Messages.authorize.approvalDecide)
  decide(request: ApprovalDecideRequest): Promise<Approval> {
    return this.ciba.decide(request);
  }
}
