import { Controller } from '@nestjs/common';
import { type IntrospectReply, type IntrospectRequest, Messages } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { IntrospectionService } from './introspection.service';

@Controller()
export class IntrospectHandler {
  constructor(private readonly introspection: IntrospectionService) {}

  @Handles(Messages.introspection.introspect)
  introspect(request: IntrospectRequest): Promise<IntrospectReply> {
    return this.introspection.introspect(request);
  }
}
