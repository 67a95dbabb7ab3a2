import { GrantTypes } from '@mandate/oauth';

/** RFC 8693 §3 token type identifiers and the grant type (am-spec §5.1). */
export const TOKEN_EXCHANGE_GRANT = GrantTypes.tokenExchange;
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
export const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';
/** draft-ietf-oauth-identity-assertion-authz-grant §9.1: the Identity Assertion JWT Authorization Grant. */
export const ID_JAG_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id-jag';

/** The types AM's exchangers know (am-spec §5.1 `tokenExchangeClasses`): access and ID tokens, in and out; and ID-JAGs out. */
export const KNOWN_TOKEN_TYPES: ReadonlySet<string> = new Set([ACCESS_TOKEN_TYPE, ID_TOKEN_TYPE, ID_JAG_TOKEN_TYPE]);
