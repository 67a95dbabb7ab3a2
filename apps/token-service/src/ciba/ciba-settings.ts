import type { ClientView, ProviderSettings } from '@mandate/contracts';

/** CIBA Core §5, §10: the client's delivery mode and notification endpoint, in AM's `coreOpenIDClientConfig` section. */
export interface ClientCibaSettings {
  deliveryMode: 'poll' | 'ping';
  notificationEndpoint: string | null;
}

export function clientCibaSettings(client: ClientView): ClientCibaSettings {
  const section = client.config['coreOpenIDClientConfig'] ?? {};
  const mode = section['backchannelTokenDeliveryMode'] ?? section['backchannel_token_delivery_mode'];
  const endpoint = section['backchannelClientNotificationEndpoint'] ?? section['backchannel_client_notification_endpoint'];
  return {
    deliveryMode: mode === 'ping' ? 'ping' : 'poll',
    notificationEndpoint: typeof endpoint === 'string' && endpoint !== '' ? endpoint : null,
  };
}

/** The provider's `cibaConfig` (AM's CIBA tab): how long a request lives, and the polling interval. */
export function providerCibaSettings(provider: ProviderSettings): { lifetime: number; interval: number } {
  const section = (provider as Record<string, unknown>)['cibaConfig'] as Record<string, unknown> | undefined;
  const lifetime = section?.['cibaAuthReqIdLifetime'];
  const interval = section?.['cibaMinimumPollingInterval'];
  return {
    lifetime: typeof lifetime === 'number' && lifetime > 0 ? lifetime : 600,
    interval: typeof interval === 'number' && interval > 0 ? interval : 5,
  };
}
