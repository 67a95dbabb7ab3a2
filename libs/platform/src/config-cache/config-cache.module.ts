import { Module } from '@nestjs/common';
import { ConfigCaches } from './config-caches';
import { ConfigChangedHandler } from './config-changed.handler';
import { RegistrationConfigClient } from './registration-config.client';
import { ClientAuthenticator } from './client-authenticator';

/**
 * Import once in a service's root module (after PlatformModule) to read registration-service's
 * configuration through caches that follow `registration.config.changed`.
 */
@Module({
  controllers: [ConfigChangedHandler],
  providers: [ConfigCaches, RegistrationConfigClient, ClientAuthenticator],
  exports: [ConfigCaches, RegistrationConfigClient, ClientAuthenticator],
})
export class ConfigCacheModule {}
