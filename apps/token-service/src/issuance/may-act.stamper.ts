import { Inject, Injectable } from '@nestjs/common';
import type { ClientView } from '@mandate/contracts';
import { ServerError } from '@mandate/oauth';
import { LOGGER, type Logger, MandateMetrics, RegistrationConfigClient, secondsSince } from '@mandate/platform';
import { ScriptError, runMayActScript, scriptServerError } from '@mandate/scripting';
import type { IssueRequest } from './issue-request';

/**
 * am-spec §5.4 / §12.1: when the client's effective configuration names a may-act script, it
 * runs at issuance and its `token.setMayAct(...)` becomes the token's `may_act` claim
 * (RFC 8693 §4.4). A failing script fails the request with 500 (contract §3.12).
 */
@Injectable()
export class MayActStamper {
  constructor(
    private readonly config: RegistrationConfigClient,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: MandateMetrics,
  ) {}

  async mayAct(request: IssueRequest, claims: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
    const ref = request.client.accessTokenMayActScript;
    if (!ref) return undefined;
    const script = await this.config.script(request.realm, ref);
    if (!script) throw new ServerError('Error running may_act script', `client ${request.client.clientId} names a missing may-act script ${ref}`);
    const started = process.hrtime.bigint();
    try {
      const result = await runMayActScript(script.source, {
        token: { claims, scope: request.scopes },
        clientProperties: clientProperties(request.client),
        scopes: request.scopes,
        requestProperties: { realm: request.realm, requestParams: request.requestParams, requestHeaders: {} },
        identity: request.subject.type === 'usr' ? { id: request.subject.id, username: request.subject.username ?? request.subject.id } : null,
        scriptName: script.name,
      });
      this.metrics.scriptRun('may_act', 'ok', secondsSince(started));
      for (const line of result.logs) this.logger.info({ script: script.name, level: line.level }, line.message);
      return result.mayAct;
    } catch (error) {
      this.metrics.scriptRun('may_act', error instanceof ScriptError ? error.kind : 'error', secondsSince(started));
      this.logger.warn({ script: script.name, client: request.client.clientId, err: error }, 'may-act script failed');
      throw scriptServerError(error);
    }
  }
}

function clientProperties(client: ClientView) {
  return {
    clientId: client.clientId,
    allowedGrantTypes: client.grantTypes,
    allowedResponseTypes: client.responseTypes,
    allowedScopes: client.scopes,
    customProperties: Object.fromEntries(client.customProperties.map((p) => p.split('=', 2) as [string, string])),
    redirectUris: client.redirectUris,
  };
}
