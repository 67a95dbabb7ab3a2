import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type DiscoveryDocument, type DiscoveryGetRequest, Subjects, discoveryGetRequestSchema } from '@mandate/contracts';
import { ContractPipe } from '@mandate/platform';
import { DiscoveryService } from './discovery.service';

@Controller()
export class DiscoveryHandler {
  constructor(private readonly discovery: DiscoveryService) {}

  @MessagePattern(Subjects.registration.discoveryGet)
  get(@Payload(new ContractPipe(Subjects.registration.discoveryGet, discoveryGetRequestSchema)) request: DiscoveryGetRequest): Promise<DiscoveryDocument> {
    return this.discovery.document(request);
  }
}
