export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/** Seed 001's token exchange form: an access token as the subject, the acting agent's own as the actor. */
export function seedExchangeFields(subject: string, actor: string, scope = 'read'): Record<string, string> {
  return {
    grant_type: TOKEN_EXCHANGE_GRANT,
    scope,
    subject_token: subject,
    subject_token_type: ACCESS_TOKEN_TYPE,
    actor_token: actor,
    actor_token_type: ACCESS_TOKEN_TYPE,
  };
}
