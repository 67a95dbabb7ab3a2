import { randomUUID } from 'node:crypto';
import { connect } from 'nats';

/**
 * Sends one request in Nest's NATS wire format (`{pattern, data, id}` → `{id, response | err}`),
 * as another service would: for black-box tests of service-to-service subjects.
 */
export async function natsRequest<T = unknown>(natsUrl: string, subject: string, data: unknown, timeoutMs = 5_000): Promise<{ response?: T; err?: unknown }> {
  const nc = await connect({ servers: natsUrl });
  try {
    const id = randomUUID();
    const msg = await nc.request(subject, new TextEncoder().encode(JSON.stringify({ pattern: subject, data, id })), { timeout: timeoutMs });
    const reply = JSON.parse(new TextDecoder().decode(msg.data)) as { response?: T; err?: unknown };
    return { response: reply.response, err: reply.err };
  } finally {
    await nc.close();
  }
}
