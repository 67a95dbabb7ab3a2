import { Module } from '@nestjs/common';
import { IntrospectionController } from './introspection.controller';

/** Token introspection and tokeninfo at the edge (owner: introspection-service). */
@Module({ controllers: [IntrospectionController] })
export class IntrospectionModule {}
