import type { z } from 'zod';
import type { ErrorEnvelope } from './error-envelope';

/** Thrown when a received message does not match its contract. */
export class ContractViolation extends Error {
  constructor(
    readonly subject: string,
    readonly issues: string[],
  ) {
    super(`message on ${subject} violates its contract: ${issues.join('; ')}`);
    this.name = 'ContractViolation';
  }

  toEnvelope(): ErrorEnvelope {
    return {
      mandateError: true,
      kind: 'oauth',
      status: 500,
      code: 'server_error',
      description: 'Internal message contract violated',
    };
  }
}

/** Validates a received message against its schema; throws ContractViolation listing every issue. */
export function parseMessage<S extends z.ZodType>(subject: string, schema: S, data: unknown): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new ContractViolation(
    subject,
    result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
  );
}
