import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type IntrospectReply, type IntrospectRequest, Subjects, introspectRequestSchema } from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { IntrospectionService } from './introspection.service';

@Controller()
export class IntrospectHandler {
  constructor(private readonly introspection: IntrospectionService) {}

  @MessagePattern(Subjects.introspection.introspect)
  introspect(@Payload(new ContractPipe(Subjects.introspection.introspect, introspectRequestSchema)) request: IntrospectRequest): Promise<IntrospectReply> {
    return this.introspection.introspect(request);
  }
}
