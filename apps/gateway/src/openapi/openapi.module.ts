import { Module } from '@nestjs/common';
import { configProvider, issuerConfig } from '@mandate/platform';
import { OpenApiController } from './openapi.controller';

/** The gateway's OpenAPI document at `/am/openapi.json`. */
@Module({
  controllers: [OpenApiController],
  providers: [configProvider(issuerConfig)],
})
export class OpenApiModule {}
