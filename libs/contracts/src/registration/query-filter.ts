import { z } from 'zod';

/**
 * A parsed CREST `_queryFilter` (the gateway parses, the owning service evaluates). Fields
 * are JSON pointers split into their segments (`/coreOAuth2ClientConfig/clientType` →
 * `['coreOAuth2ClientConfig', 'clientType']`).
 */
export type QueryFilter =
  | { op: 'true' }
  | { op: 'false' }
  | { op: 'eq' | 'co' | 'sw' | 'gt' | 'ge' | 'lt' | 'le'; field: string[]; value: string | number | boolean }
  | { op: 'pr'; field: string[] }
  | { op: 'and' | 'or'; filters: QueryFilter[] }
  | { op: 'not'; filter: QueryFilter };

export const queryFilterSchema: z.ZodType<QueryFilter> = z.lazy(() =>
  z.union([
    z.object({ op: z.literal('true') }),
    z.object({ op: z.literal('false') }),
    z.object({ op: z.enum(['eq', 'co', 'sw', 'gt', 'ge', 'lt', 'le']), field: z.array(z.string()).min(1), value: z.union([z.string(), z.number(), z.boolean()]) }),
    z.object({ op: z.literal('pr'), field: z.array(z.string()).min(1) }),
    z.object({ op: z.enum(['and', 'or']), filters: z.array(queryFilterSchema).min(1) }),
    z.object({ op: z.literal('not'), filter: queryFilterSchema }),
  ]),
);
