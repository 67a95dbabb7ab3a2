import { Inject, Injectable, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { closeScriptPool, configureScriptPool } from '@mandate/scripting';
import { configProvider } from '../config/config';
import { type ScriptPoolConfig, scriptPoolConfig } from './script-pool.config';

/** Shapes the process's script pool from its configuration and starts its workers before the service serves. */
@Injectable()
export class ScriptPoolLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(scriptPoolConfig.token) private readonly config: ScriptPoolConfig) {}

  onModuleInit(): Promise<void> {
    return configureScriptPool({ size: this.config.MANDATE_SCRIPT_WORKERS, queueTimeoutMs: this.config.MANDATE_SCRIPT_QUEUE_TIMEOUT_MS }).start();
  }

  onApplicationShutdown(): Promise<void> {
    return closeScriptPool();
  }
}

/** For the services that run scripts; list `scriptPoolConfig` among the service's config slices too. */
@Module({ providers: [configProvider(scriptPoolConfig), ScriptPoolLifecycle] })
export class ScriptPoolModule {}
