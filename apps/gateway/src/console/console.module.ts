import { Module } from '@nestjs/common';
import { configProvider } from '@mandate/platform';
import { ConsoleController } from './console.controller';
import { consoleConfig } from './console.config';

/** The admin console's static files at `/am/console` (the plugin is registered in main.ts). */
@Module({ controllers: [ConsoleController], providers: [configProvider(consoleConfig)] })
export class ConsoleModule {}
