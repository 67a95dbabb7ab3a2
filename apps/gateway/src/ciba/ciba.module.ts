import { Module } from '@nestjs/common';
import { configProvider, issuerConfig } from '@mandate/platform';
import { CibaController } from './ciba.controller';

/** OpenID CIBA (issue 21): bc-authorize, the approvals page and REST. */
@Module({ controllers: [CibaController], providers: [configProvider(issuerConfig)] })
export class CibaModule {}
