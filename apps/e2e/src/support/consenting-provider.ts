import { http } from '@mandate/testing';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { formPost } from './demo-stack';

export interface ConsentingProviderOptions {
  /** The client's redirect URI (each spec its own port, so that nothing is shared between them). */
  redirectUrl: string;
  clientName: string;
  /** A client ID metadata document's URL: the SDK then names the client by it instead of registering. */
  clientMetadataUrl?: string;
}

/**
 * The MCP client application's side of the SDK's OAuth: it keeps what the SDK hands it in memory,
 * and "redirects" the user by doing what bjensen's browser would: it loads the consent page, she
 * approves on its form, and the code comes back in the 302 Location.
 */
export class ConsentingProvider implements OAuthClientProvider {
  client?: OAuthClientInformationMixed;
  saved?: OAuthTokens;
  verifier = '';
  code?: string;
  authorizationUrl?: URL;
  consentHtml = '';
  readonly clientMetadataUrl?: string;

  constructor(
    private readonly ssoToken: string,
    private readonly options: ConsentingProviderOptions,
  ) {
    this.clientMetadataUrl = options.clientMetadataUrl;
  }

  get redirectUrl() {
    return this.options.redirectUrl;
  }
  get clientMetadata(): OAuthClientMetadata {
    return { client_name: this.options.clientName, redirect_uris: [this.options.redirectUrl], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' };
  }
  clientInformation() {
    return this.client;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.client = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
  async redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
    const cookie = { Cookie: `iPlanetDirectoryPro=${this.ssoToken}` };
    const page = await http(url.href, { headers: { Accept: 'text/html', ...cookie } });
    if (page.status !== 200) throw new Error(`consent page: HTTP ${page.status} ${page.text}`);
    this.consentHtml = page.text;
    const res = await http(new URL(url.pathname, url).href, formPost({ ...Object.fromEntries(url.searchParams), csrf: this.ssoToken, decision: 'allow' }, cookie));
    if (res.status !== 302) throw new Error(`consent: HTTP ${res.status} ${res.text}`);
    const location = res.headers.get('location');
    if (!location) throw new Error('consent: a 302 without Location');
    const back = new URL(location);
    const code = back.searchParams.get('code');
    if (back.searchParams.get('error') || !code) throw new Error(`consent: ${back.search}`);
    this.code = code;
  }
}
