import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type AuthenticateReply, type AuthenticateRequest, Subjects, authenticateRequestSchema } from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { LoginService } from './login.service';

@Controller()
export class LoginHandler {
  constructor(private readonly login: LoginService) {}

  @MessagePattern(Subjects.authn.authenticate)
  authenticate(@Payload(new ContractPipe(Subjects.authn.authenticate, authenticateRequestSchema)) request: AuthenticateRequest): Promise<AuthenticateReply> {
    return this.login.authenticate(request);
  }
}
