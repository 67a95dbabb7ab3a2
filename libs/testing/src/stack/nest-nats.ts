import { randomUUID } from 'node:crypto';
import { connect } from 'nats';
import type { RunningNats } from '../infra/local-nats';
import { callerOf } from '../infra/nats-secrets';

/**
 * Sends one request in Nest's NATS wire format (`{pattern, data, id}` → `{id, response | err}`),
 * as another service would: for black-box tests of service-to-service subjects. Given the
 * server, it connects as the subject's first caller in the catalogue (the only identities a
 * secured server lets send it); given a URL, without credentials.
 */
export async function natsRequest<T = unknown>(nats: RunningNats | string, subject: string, data: unknown, timeoutMs = 5_000): Promise<{ response?: T; err?: unknown }> {
  const nc = await connect(typeof nats === 'string' ? { servers: nats } : nats.connectOptions(callerOf(subject)));
  try {
    const id = randomUUID();
    const msg = await nc.request(subject, new TextEncoder().encode(JSON.stringify({ pattern: subject, data, id })), { timeout: timeoutMs });
    const reply = JSON.parse(new TextDecoder().decode(msg.data)) as { response?: T; err?: unknown };
    return { response: reply.response, err: reply.err };
  } finally {
    await nc.close();
  }
}
