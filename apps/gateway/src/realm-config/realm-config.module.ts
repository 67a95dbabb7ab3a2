import { Module } from '@nestjs/common';
import { AgentsController } from './agents.controller';
import { ProviderSettingsController } from './provider-settings.controller';
import { ScriptsController } from './scripts.controller';

/** Admin REST for realm configuration and scripts, served by registration-service (issue 4). */
@Module({
  controllers: [ProviderSettingsController, AgentsController, ScriptsController],
})
export class RealmConfigModule {}
