import type { ResolvedToken } from '../tokens/token-resolver.service';
import { PresentedTokensStep } from './presented-tokens.step';
import { ACCESS_TOKEN_TYPE } from './token-types';

const live: Record<string, ResolvedToken> = {
  'subject-at': { format: 'opaque', kind: 'access_token', tokenHash: 'h1', claims: { sub: 'bjensen', jti: 'j1', authGrantId: 'g1', exp: 100 } },
  'actor-at': { format: 'jwt', kind: 'access_token', tokenHash: 'h2', claims: { sub: 'hr-agent', jti: 'j2', authGrantId: 'g2', exp: 200 } },
  'subject-rt': { format: 'opaque', kind: 'refresh_token', tokenHash: 'h3', claims: { sub: 'bjensen', jti: 'j3', authGrantId: 'g1', exp: 300 } },
};
const lookups: string[][] = [];
const step = new PresentedTokensStep({
  resolveAll: async (_realm, values) => {
    lookups.push(values);
    return values.map((value) => live[value]);
  },
});
const request = (subjectToken: string, actorToken?: string) => ({
  subjectToken,
  subjectTokenType: ACCESS_TOKEN_TYPE,
  requestedTokenType: ACCESS_TOKEN_TYPE,
  audiences: [],
  ...(actorToken ? { actor: { token: actorToken, tokenType: ACCESS_TOKEN_TYPE } } : {}),
});
const refusal = expect.objectContaining({ code: 'invalid_request', description: 'Invalid token exchange.' });

describe('PresentedTokensStep', () => {
  it('resolves live subject and actor access tokens with their lineage ids, in one lookup', async () => {
    lookups.length = 0;
    expect(await step.resolve('/alpha', request('subject-at', 'actor-at'))).toEqual({
      subject: { claims: live['subject-at'].claims, sub: 'bjensen', jti: 'j1', authGrantId: 'g1', exp: 100 },
      actor: { claims: live['actor-at'].claims, sub: 'hr-agent', jti: 'j2', authGrantId: 'g2', exp: 200 },
    });
    expect(lookups).toEqual([['subject-at', 'actor-at']]);
  });

  it('names the subject token first when both are refused', async () => {
    await expect(step.resolve('/alpha', request('forged', 'also-forged'))).rejects.toMatchObject({ detail: expect.stringContaining('subject_token') });
  });

  it('refuses a subject or actor token that is not live (malformed, forged, expired, revoked)', async () => {
    await expect(step.resolve('/alpha', request('forged'))).rejects.toThrow(refusal);
    await expect(step.resolve('/alpha', request('subject-at', 'forged'))).rejects.toThrow(refusal);
  });

  it('refuses a refresh token presented as an access token', async () => {
    await expect(step.resolve('/alpha', request('subject-rt'))).rejects.toThrow(refusal);
  });
});
