import { Controller, Get, Header, Inject } from '@nestjs/common';
import { issuerConfig, type IssuerConfig } from '@mandate/platform';
import { openApiDocument } from './openapi.document';
import type { OpenApiDocument } from './openapi.types';

/** `GET /am/openapi.json`: the gateway's routes as OpenAPI 3.1, with this deployment's base URL. */
@Controller()
export class OpenApiController {
  private readonly document: OpenApiDocument;

  constructor(@Inject(issuerConfig.token) issuer: IssuerConfig) {
    this.document = openApiDocument(issuer.AM_BASE_URL);
  }

  @Get('openapi.json')
  @Header('Cache-Control', 'no-cache')
  get(): OpenApiDocument {
    return this.document;
  }
}
