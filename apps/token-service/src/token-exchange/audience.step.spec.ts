import type { ApplicationPolicyView } from '@mandate/contracts';
import { exchangedAudience } from './audience.step';

const client = (accept: boolean, allowed: string[] = []) => ({
  clientId: 'agent',
  acceptAudienceParametersInTokenExchangeRequests: accept,
  allowedResourceServerAudienceValues: allowed,
});
const policy = (applicationId: string): ApplicationPolicyView => ({ agentId: 'agent', applicationId, subjects: [], subjectGroups: [], permissions: [], effectivePermissions: [] });
const refusal = expect.objectContaining({ code: 'invalid_request', description: 'Invalid audience requested.' });

describe('exchangedAudience', () => {
  it('ignores audience when the client does not accept audience parameters (am-spec §5.7)', () => {
    expect(exchangedAudience(client(false), ['anything'])).toBeUndefined();
  });

  it('keeps the default aud when no audience is sent', () => {
    expect(exchangedAudience(client(true, ['api']), [])).toBeUndefined();
  });

  it('appends allowed values after the client id, in request order', () => {
    expect(exchangedAudience(client(true, ['api-1', 'api-2']), ['api-2', 'api-1'])).toEqual(['agent', 'api-2', 'api-1']);
  });

  it.each([['unlisted', ['api-3']], ['empty', ['']], ['path-suffixed', ['api-1/orders']]])('refuses an %s value', (_name, audiences) => {
    expect(() => exchangedAudience(client(true, ['api-1']), audiences)).toThrow(refusal);
  });

  it('on the policy path accepts exactly the applications of the selected policies (seed 003)', () => {
    expect(exchangedAudience(client(true), ['web-app'], [policy('web-app')])).toEqual(['agent', 'web-app']);
    expect(() => exchangedAudience(client(true), ['web-app', 'other'], [policy('web-app')])).toThrow(refusal);
  });
});
