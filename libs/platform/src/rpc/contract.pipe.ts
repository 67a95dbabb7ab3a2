import { Injectable, type PipeTransform } from '@nestjs/common';
import { parseMessage } from '@mandate/contracts';
import type { z } from 'zod';

/** `@Payload(new ContractPipe(subject, schema))`: every received message is validated. */
@Injectable()
export class ContractPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly subject: string,
    private readonly schema: S,
  ) {}

  transform(value: unknown): z.infer<S> {
    return parseMessage(this.subject, this.schema, value);
  }
}
