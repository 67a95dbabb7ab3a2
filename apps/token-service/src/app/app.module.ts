import { Module } from '@nestjs/common';
import { ServiceNames } from '@mandate/contracts';
import { PersistenceModule, tokenStorage } from '@mandate/persistence';
import { ConfigCacheModule, PlatformModule, ScriptPoolModule, auditProducerProviders, configProvider, databaseConfig, issuerConfig, loadConfig, RealmIssuer } from '@mandate/platform';
import { BcAuthorizeHandler } from '../ciba/bc-authorize.handler';
import { BcAuthorizeService } from '../ciba/bc-authorize.service';
import { DelegationHandler } from '../delegations/delegation.handler';
import { DelegationService } from '../delegations/delegation.service';
import { KillSwitchListener } from '../delegations/kill-switch.listener';
import { LogoutRevocationListener } from '../delegations/logout-revocation.listener';
import { dpopConfig } from '../dpop/dpop.config';
import { DpopValidator } from '../dpop/dpop-validator';
import { ReplaySweeper } from '../dpop/replay-sweeper';
import { TokenEndpointService } from '../endpoint/token-endpoint.service';
import { TokenGrantHandler } from '../endpoint/token-grant.handler';
import { grantProviders } from '../grants/grants';
import { MayActStamper } from '../issuance/may-act.stamper';
import { JwtTokenFormat, OpaqueTokenFormat } from '../issuance/token-format';
import { TokenIssuer } from '../issuance/token-issuer.service';
import { JwksHandler } from '../keys/jwks.handler';
import { KeyRotationScheduler } from '../keys/key-rotation.scheduler';
import { KeyRotationService } from '../keys/key-rotation.service';
import { KeysAdminHandler } from '../keys/keys-admin.handler';
import { KeysRotatedHandler } from '../keys/keys-rotated.handler';
import { KeysRotatedPublisher } from '../keys/keys-rotated.publisher';
import { JwksService } from '../keys/jwks.service';
import { KeyService } from '../keys/key.service';
import { keysConfig } from '../keys/keys.config';
import { PrivateKeySealer } from '../keys/private-key.sealer';
import { RevocationService } from '../revocation/revocation.service';
import { TokenRevokeHandler } from '../revocation/token-revoke.handler';
import { TokenResolveHandler } from '../tokens/token-resolve.handler';
import { TokenResolver } from '../tokens/token-resolver.service';
import { tokenExchangeConfig } from '../token-exchange/token-exchange.config';

@Module({
  imports: [
    PlatformModule.forService(ServiceNames.token, { database: true }),
    PersistenceModule.forService(tokenStorage, () => loadConfig(databaseConfig)),
    ConfigCacheModule,
    // may-act / DCR scripts run in this pool's worker threads, started before the service serves.
    ScriptPoolModule,
  ],
  controllers: [JwksHandler, KeysAdminHandler, KeysRotatedHandler, TokenGrantHandler, TokenRevokeHandler, TokenResolveHandler, DelegationHandler, BcAuthorizeHandler],
  providers: [
    configProvider(keysConfig),
    configProvider(issuerConfig),
    configProvider(tokenExchangeConfig),
    configProvider(dpopConfig),
    DpopValidator,
    ReplaySweeper,
    PrivateKeySealer,
    KeyService,
    KeysRotatedPublisher,
    KeyRotationService,
    KeyRotationScheduler,
    JwksService,
    RealmIssuer,
    MayActStamper,
    OpaqueTokenFormat,
    JwtTokenFormat,
    TokenIssuer,
    TokenResolver,
    ...grantProviders,
    TokenEndpointService,
    BcAuthorizeService,
    RevocationService,
    DelegationService,
    KillSwitchListener,
    LogoutRevocationListener,
    // Issue 20: the audit outbox and its drainer.
    ...auditProducerProviders,
  ],
})
export class AppModule {}
