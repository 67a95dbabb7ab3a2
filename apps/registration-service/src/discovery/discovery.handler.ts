import { Controller } from '@nestjs/common';
import { type DiscoveryDocument, type DiscoveryGetRequest, Messages } from '@mandate/contracts';
import { Handles } from '@mandate/platform';
import { DiscoveryService } from './discovery.service';

@Controller()
export class DiscoveryHandler {
  constructor(private readonly discovery: DiscoveryService) {}

  @Handles(Messages.registration.discoveryGet)
  get(request: DiscoveryGetRequest): Promise<DiscoveryDocument> {
    return this.discovery.document(request);
  }
}
