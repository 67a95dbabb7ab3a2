import { z } from 'zod';

export const healthCheckRequestSchema = z.object({}).passthrough();
export const healthReportSchema = z.object({
  service: z.string(),
  status: z.enum(['ok', 'error']),
  details: z.record(z.string(), z.object({ status: z.string() }).passthrough()),
});
export type HealthReport = z.infer<typeof healthReportSchema>;
