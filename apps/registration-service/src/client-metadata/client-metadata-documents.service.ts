import { Inject, Injectable } from '@nestjs/common';
import type { ClientView } from '@mandate/contracts';
import type { Realm, StoredClient } from '@mandate/oauth';
import { LOGGER, type Logger } from '@mandate/platform';
import { clientDefaults } from '../clients/client-config.defaults';
import { toClientView } from '../clients/client-view.mapper';
import { toClientSections } from '../dcr/dcr-sections.mapper';
import { registrationAllowlists } from '../dcr/registration-allowlists';
import { ProviderSettingsService } from '../provider/provider-settings.service';
import { cacheLifetimeSeconds } from './cache-lifetime';
import { parseClientIdUrl } from './client-id-url';
import { MetadataDocumentError } from './metadata-document.error';
import { MetadataDocumentFetcher } from './metadata-document.fetcher';
import { type MetadataDocument, parseMetadataDocument } from './metadata-document.parser';

/** Documents kept per process; the least recently fetched go first. */
const MAX_ENTRIES = 1000;
/** A refused document is refused again from memory this long, so that a bad client_id cannot make every request a fetch. */
const REFUSAL_SECONDS = 10;

type Entry = { expiresAt: number; document: MetadataDocument } | { expiresAt: number; error: MetadataDocumentError };

/**
 * Client ID metadata documents (draft-ietf-oauth-client-id-metadata-document, a SHOULD of the
 * MCP 2025-11-25 authorization spec): a `client_id` that is an https URL names a document the
 * client publishes, fetched here (MetadataDocumentFetcher: the SSRF defences), checked
 * (parseMetadataDocument), kept for its HTTP cache lifetime (cacheLifetimeSeconds) and answered
 * as the view of a public client, as `registration.client.get` answers a registered one.
 *
 * What such a client may do is what open registration would give it: scopes within the
 * provider's registration allow-list (those the document names, or all of them), the provider's
 * default scopes when it asks for none, the realm's resource servers, the provider's lifetimes
 * and token format. It is never stored, and consent is always asked.
 */
@Injectable()
export class ClientMetadataDocuments {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<Entry>>();

  constructor(
    private readonly fetcher: MetadataDocumentFetcher,
    private readonly provider: ProviderSettingsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async view(realm: Realm, clientId: string): Promise<ClientView> {
    const entry = await this.entry(clientId);
    if ('error' in entry) throw entry.error;
    const { meta, clientUri } = entry.document;
    const provider = await this.provider.effective(realm);
    const allowed = registrationAllowlists(provider);
    const scopes = meta.scopes ? meta.scopes.filter((s) => allowed.scopes.includes(s)) : allowed.scopes;
    const client: StoredClient = {
      realmId: realm.id,
      clientId,
      agentType: 'OAuth2Client',
      secretHash: null,
      config: toClientSections(meta, scopes, clientDefaults('OAuth2Client')),
      scriptRefs: [],
      rev: 0,
    };
    return { ...toClientView(realm, client, provider, false), metadataDocument: clientUri !== undefined ? { clientUri } : {} };
  }

  private async entry(clientId: string, now = Date.now()): Promise<Entry> {
    const cached = this.entries.get(clientId);
    if (cached && cached.expiresAt > now) return cached;
    let pending = this.inFlight.get(clientId);
    if (!pending) {
      pending = this.load(clientId).finally(() => this.inFlight.delete(clientId));
      this.inFlight.set(clientId, pending);
    }
    return pending;
  }

  private async load(clientId: string): Promise<Entry> {
    const started = Date.now();
    let entry: Entry;
    try {
      const url = parseClientIdUrl(clientId);
      const fetched = await this.fetcher.fetch(url);
      const document = parseMetadataDocument(fetched.body, clientId);
      entry = { expiresAt: Date.now() + cacheLifetimeSeconds(fetched) * 1000, document };
    } catch (error) {
      if (!(error instanceof MetadataDocumentError)) throw error;
      entry = { expiresAt: Date.now() + REFUSAL_SECONDS * 1000, error };
    }
    this.remember(clientId, entry);
    // One line per fetch; the URL without its query (query strings are never logged).
    const { origin, pathname } = URL.canParse(clientId) ? new URL(clientId) : { origin: '?', pathname: '' };
    this.logger.info(
      {
        event: 'client_metadata_document',
        document: `${origin}${pathname}`,
        outcome: 'error' in entry ? 'refused' : 'fetched',
        reason: 'error' in entry ? (entry.error.detail ?? entry.error.description) : undefined,
        cacheSeconds: 'error' in entry ? undefined : Math.round((entry.expiresAt - Date.now()) / 1000),
        ms: Date.now() - started,
      },
      'client metadata document',
    );
    return entry;
  }

  private remember(clientId: string, entry: Entry): void {
    this.entries.delete(clientId);
    this.entries.set(clientId, entry);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }
}
