import type { ClientView } from '@mandate/contracts';
import type { RegistrationConfigClient } from '@mandate/platform';
import { aClient } from '../test/fixtures';
import { AuthorizeRefusal } from './authorize-refusal';
import { ClientStep } from './client.step';

/** registration-service's answers for two clients. */
const clients: Record<string, ClientView> = { 'hr-client': aClient(), 'old-client': aClient({ clientId: 'old-client', status: 'Inactive' }) };
const step = new ClientStep({ client: async (_realm: string, id: string) => clients[id] ?? null } as unknown as RegistrationConfigClient);

async function refusalOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthorizeRefusal);
  return (error as AuthorizeRefusal).error;
}

describe('client step (am-spec §3.1)', () => {
  it('answers an active client of the realm', async () => {
    await expect(step.check('/alpha', 'hr-client', [])).resolves.toMatchObject({ clientId: 'hr-client' });
  });

  it('refuses, without redirecting, an unknown or inactive client alike', async () => {
    for (const id of ['nobody', 'old-client']) {
      expect(await refusalOf(step.check('/alpha', id, []))).toMatchObject({ status: 400, code: 'invalid_request', description: 'Unknown or inactive client' });
    }
  });

  it('refuses a missing or repeated client_id', async () => {
    expect(await refusalOf(step.check('/alpha', undefined, []))).toMatchObject({ description: 'Missing parameters: client_id' });
    expect(await refusalOf(step.check('/alpha', 'hr-client', ['client_id']))).toMatchObject({ description: 'Parameters sent more than once: client_id' });
  });
});
