import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { DcrController } from './dcr.controller';
import { refuseMalformedRegistrationJson } from './registration-json-body.hook';

/** Dynamic client registration at the edge (issue 7), served by registration-service. */
@Module({
  controllers: [DcrController],
})
export class RegistrationModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify && typeof fastify.addHook === 'function') refuseMalformedRegistrationJson(fastify);
  }
}
