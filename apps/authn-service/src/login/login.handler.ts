import { Controller } from '@nestjs/common';
import { type AuthenticateReply, type AuthenticateRequest, Messages } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { LoginService } from './login.service';

@Controller()
export class LoginHandler {
  constructor(private readonly login: LoginService) {}

  @Handles(Messages.authn.authenticate)
  authenticate(request: AuthenticateRequest): Promise<AuthenticateReply> {
    return this.login.authenticate(request);
  }
}
