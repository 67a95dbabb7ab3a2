import type { ApplicationPolicyView, ClientView, UserLookupReply } from '@mandate/contracts';
import { ApplicationPolicyStep } from './application-policy.step';
import type { PresentedToken } from './presented-tokens.step';

const SEED_003: ApplicationPolicyView = {
  agentId: 'digital-assistant-ai-agent',
  applicationId: 'digital-assistant-web-app',
  subjects: ['bjensen'],
  subjectGroups: ['hr'],
  permissions: ['read-data'],
  effectivePermissions: ['read-data'],
};
const AUTONOMOUS: ApplicationPolicyView = { ...SEED_003, applicationId: 'logs-api', subjects: [], subjectGroups: [], permissions: [], effectivePermissions: ['logs-read'] };
const USERS: Record<string, NonNullable<UserLookupReply>> = {
  'uuid-bjensen': { userId: 'uuid-bjensen', username: 'bjensen', groups: [], active: true },
  'uuid-gwen': { userId: 'uuid-gwen', username: 'gwen', groups: ['hr'], active: true },
  'uuid-mallory': { userId: 'uuid-mallory', username: 'mallory', groups: ['sales'], active: true },
  'uuid-gone': { userId: 'uuid-gone', username: 'gone', groups: ['hr'], active: false },
};
const step = new ApplicationPolicyStep(
  { policy: async (_realm, agentId, audience) => [SEED_003, AUTONOMOUS].find((p) => p.agentId === agentId && p.applicationId === audience) ?? null },
  { lookup: async (_realm, user) => USERS[user] ?? null },
);
const agent = (overrides: Partial<ClientView> = {}) =>
  ({ clientId: 'digital-assistant-ai-agent', agentType: 'AIAgent', acceptAudienceParametersInTokenExchangeRequests: true, ...overrides }) as ClientView;
const token = (sub: string): PresentedToken => ({ claims: { sub }, sub, jti: 'j', authGrantId: 'g', exp: 0 });
const refusal = expect.objectContaining({ code: 'invalid_request', description: 'Invalid token exchange.' });
const AGENT = 'digital-assistant-ai-agent';

describe('ApplicationPolicyStep', () => {
  describe('select', () => {
    it('selects the policy an audience names', async () => {
      expect(await step.select('/alpha', agent(), ['digital-assistant-web-app', 'unknown-app', ''])).toEqual([SEED_003]);
    });

    it('selects nothing for an OAuth2 client or an agent that does not accept audiences', async () => {
      expect(await step.select('/alpha', agent({ agentType: 'OAuth2Client' }), ['digital-assistant-web-app'])).toEqual([]);
      expect(await step.select('/alpha', agent({ acceptAudienceParametersInTokenExchangeRequests: false }), ['digital-assistant-web-app'])).toEqual([]);
    });
  });

  describe('authorise', () => {
    it('admits a user listed by username (seed 003) and a member of a subject group', async () => {
      await expect(step.authorise('/alpha', AGENT, [SEED_003], { subject: token('uuid-bjensen') })).resolves.toBeUndefined();
      await expect(step.authorise('/alpha', AGENT, [SEED_003], { subject: token('uuid-gwen') })).resolves.toBeUndefined();
    });

    it('admits the agent itself, also with empty subjects (seed 004)', async () => {
      await expect(step.authorise('/alpha', AGENT, [AUTONOMOUS], { subject: token(AGENT) })).resolves.toBeUndefined();
    });

    it('refuses a user outside subjects and groups, an inactive user, and a subject that is no user', async () => {
      await expect(step.authorise('/alpha', AGENT, [SEED_003], { subject: token('uuid-mallory') })).rejects.toThrow(refusal);
      await expect(step.authorise('/alpha', AGENT, [SEED_003], { subject: token('uuid-gone') })).rejects.toThrow(refusal);
      await expect(step.authorise('/alpha', AGENT, [SEED_003], { subject: token('some-other-client') })).rejects.toThrow(refusal);
    });

    it('refuses any user when subjects and groups are empty', async () => {
      await expect(step.authorise('/alpha', AGENT, [AUTONOMOUS], { subject: token('uuid-bjensen') })).rejects.toThrow(refusal);
    });

    it('refuses an actor token that is not the agent’s own', async () => {
      await expect(step.authorise('/alpha', AGENT, [SEED_003], { subject: token('uuid-bjensen'), actor: token('rogue') })).rejects.toThrow(refusal);
    });
  });
});
