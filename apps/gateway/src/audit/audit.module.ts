import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';

/** The audit query API (introspection-service holds the trail). */
@Module({ controllers: [AuditController] })
export class AuditModule {}
