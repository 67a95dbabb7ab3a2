import { Inject, Injectable } from '@nestjs/common';
import type { ProviderSettings } from '@mandate/contracts';
import { type Realm, ServerError } from '@mandate/oauth';
import { LOGGER, type Logger, MandateMetrics, secondsSince } from '@mandate/platform';
import { type DcrInput, type DcrResult, ScriptError, runDcrScript, scriptServerError } from '@mandate/scripting';
import { EMPTY_SCRIPT } from '../scripts/script-references.resolver';
import { ScriptService } from '../scripts/script.service';
import { DCR_SCRIPT_FAILED } from './dcr-errors';

/**
 * am-spec §11.5: the provider's `dynamicClientRegistrationScript` (an `_id`, or `"[Empty]"` for
 * none) runs on CREATE, UPDATE and DELETE. Any failure is 500 `server_error`; the script's own
 * message goes to the log only.
 */
@Injectable()
export class DcrScriptRunner {
  constructor(
    private readonly scripts: ScriptService,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: MandateMetrics,
  ) {}

  /** The script's result, or undefined when the provider names no script. */
  async run(realm: Realm, provider: ProviderSettings, input: DcrInput): Promise<DcrResult | undefined> {
    const ref = provider.clientDynamicRegistrationConfig.dynamicClientRegistrationScript;
    if (!ref || ref === EMPTY_SCRIPT) return undefined;
    const script = await this.scripts.resolve(realm, ref);
    if (!script) throw new ServerError(DCR_SCRIPT_FAILED, `DCR script ${ref} of ${realm.path} not found`);
    const started = process.hrtime.bigint();
    try {
      const result = await runDcrScript(script.source, { ...input, scriptName: script.name });
      this.metrics.scriptRun('dcr', 'ok', secondsSince(started));
      for (const line of result.logs) this.logger.info({ script: script.name, level: line.level }, line.message);
      return result;
    } catch (error) {
      this.metrics.scriptRun('dcr', error instanceof ScriptError ? error.kind : 'error', secondsSince(started));
      const failure = scriptServerError(error, DCR_SCRIPT_FAILED);
      this.logger.warn({ script: script.name, operation: input.operation, detail: failure.detail }, 'DCR script failed');
      throw failure;
    }
  }
}
