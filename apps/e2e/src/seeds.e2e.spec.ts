import { type CurlResult, type Infra, type MandateStack, type SeedCommand, type SeedFile, compareWithDocument, runCurl, seedCommands, seedPagesDir, startInfra, startMandate } from '@mandate/testing';
import { configureSeedsThroughRest } from './seeds/configure-through-rest';
import { ADMIN_PASSWORD } from './support/demo-stack';

// Issue 8: the five seed pages, replayed as written. Every curl command is read out of the
// document and run with the real curl binary, only the host changed and the placeholders filled
// in as a user would (their own values, or a value copied from an earlier response). Each
// response is compared field by field with the one the page prints. Configuration goes through
// AM's admin REST API, as an administrator would send it, never through the database.

// The pages themselves when they are beside the checkout (CI lays shared/ there; MANDATE_SEEDS_DIR
// points elsewhere), otherwise the project's fixtures of the same commands and printed answers
// (libs/testing/src/seeds/seed-flows.json), so a user's clone replays the five flows too.
const SOURCE = seedPagesDir() ? 'the pages' : 'the project’s fixtures of the pages';

// A Mandate that runs already (npm run test:compose: the compose stack) is replayed instead of
// the two started here when MANDATE_SEEDS_ORIGIN names it (http://127.0.0.1:<port>, AM under /am),
// configured as amadmin with MANDATE_SEEDS_ADMIN_PASSWORD.
const RUNNING = process.env.MANDATE_SEEDS_ORIGIN;

interface StepPlan {
  /** Corrections where the page contradicts itself or the contract (each says why). */
  patch?: Record<string, unknown>;
  /** Further keys whose printed value is a generated example. */
  generated?: string[];
  /** Copy a response value into a placeholder of later commands. */
  copy?: Record<string, string>;
}

interface SeedPlan {
  file: SeedFile;
  title: string;
  /** What a user types for the page's placeholders (`<ai-agent-client-id>`, …). */
  placeholders?: Record<string, string>;
  /** Names the page prints that differ from the names its own steps use (am-spec §16). */
  aliases?: Record<string, string>;
  steps?: Record<number, StepPlan>;
}

const PLANS: SeedPlan[] = [
  { file: '000_6d070ab4d2ce618c.txt', title: 'seed 000: an AI agent acting on behalf of a user (delegation)' },
  {
    file: '001_9c1f669589f42744.txt',
    title: 'seed 001: an AI agent acting on behalf of another agent',
    // contract §3.1: the page prints `read write delete` for a `read` request, copied from seed 000.
    steps: { 2: { patch: { scope: 'read' } } },
  },
  {
    file: '002_bc3c441662325754.txt',
    title: 'seed 002: an autonomous AI agent registered by DCR (impersonation of itself)',
    // am-spec §16.3: the page registers "software agent" and prints "Software Agent".
    aliases: { 'Software Agent': 'software agent' },
    steps: { 0: { generated: ['client_id'] } },
  },
  {
    file: '003_189c1fa150a53e5f.txt',
    title: 'seed 003: an AIC AI agent on behalf of a user (application policy)',
    placeholders: {
      '<end-user-username>': 'bjensen',
      '<end-user-password>': 'Ch4ng31t',
      '<oauth2-app-client-id>': 'digital-assistant-web-app',
      '<oauth2-app-client-secret>': 'mySecret',
      '<application-scopes>': 'openid',
      '<ai-agent-client-id>': 'digital-assistant-ai-agent',
      '<ai-agent-client-secret>': 'mySecret',
      '<ai-agent-scopes>': 'read-data',
    },
    steps: { 0: { copy: { access_token: '<end-user-access-token>' } }, 2: { copy: { access_token: '<ai-agent-access-token>' } } },
  },
  {
    file: '004_eea0c76cce74e907.txt',
    title: 'seed 004: an autonomous AIC AI agent (application policy, audience)',
    placeholders: {
      '<ai-agent-client-id>': 'bot-traffic-analyzer-agent',
      '<ai-agent-client-secret>': 'mySecret',
      '<ai-agent-scopes>': 'monitor-system',
      '<oauth2-app-client-id>': 'web-server-logs-api-app',
      '<exchanged-scopes>': 'logs-read logs-search',
    },
    // am-spec §16.5: the page's steps use bot-traffic-analyzer-agent and web-server-logs-api-app,
    // its printed tokens say bot-traffic-analyzer and access-log-api.
    aliases: { 'bot-traffic-analyzer': 'bot-traffic-analyzer-agent', 'access-log-api': 'web-server-logs-api-app' },
    steps: { 0: { copy: { access_token: '<ai-agent-access-token>' } }, 2: { copy: { access_token: '<exchanged-access-token>' } } },
  },
];

function replaySeeds(mode: 'distributed' | 'embedded' | 'running') {
  describe(`the seed pages, replayed with curl from ${SOURCE} (${mode === 'running' ? RUNNING : mode})`, () => {
    let infra: Infra | undefined;
    let stack: Pick<MandateStack, 'origin' | 'baseUrl' | 'stop'> | undefined;

    beforeAll(async () => {
      if (mode === 'running') {
        stack = { origin: RUNNING!, baseUrl: `${RUNNING}/am`, stop: async () => undefined };
        await configureSeedsThroughRest(stack.baseUrl, process.env.MANDATE_SEEDS_ADMIN_PASSWORD ?? '');
        return;
      }
      if (mode === 'distributed') infra = await startInfra({ postgres: true, nats: true });
      stack = await startMandate({ mode, infra, env: { AM_ADMIN_PASSWORD: ADMIN_PASSWORD } });
      await configureSeedsThroughRest(stack.baseUrl, ADMIN_PASSWORD);
    });

    afterAll(async () => {
      await stack?.stop();
      await infra?.stop();
    });

    for (const plan of PLANS) {
      it(plan.title, async () => {
        const { commands } = seedCommands(plan.file);
        const substitutions = new Map(Object.entries(plan.placeholders ?? {}));
        const captured = new Map(Object.entries(plan.aliases ?? {}));
        for (const [i, command] of commands.entries()) {
          const step = plan.steps?.[i] ?? {};
          // Values copied from earlier responses ("user-token", "authorization-code", …) are
          // substituted wherever a later command names them.
          for (const [documented, actual] of captured) if (!plan.aliases?.[documented]) substitutions.set(documented, actual);
          const res = await runCurl(command.argv, stack!.origin, substitutions);
          expect({ step: i, line: command.line, status: res.status }).toEqual({ step: i, line: command.line, status: expectedStatus(command) });
          const problems = compare(command, res, step, stack!.origin, captured);
          expect({ step: i, line: command.line, problems }).toEqual({ step: i, line: command.line, problems: [] });
          for (const [key, placeholder] of Object.entries(step.copy ?? {})) substitutions.set(placeholder, String((res.json as Record<string, unknown>)[key]));
        }
      });
    }
  });
}

function expectedStatus(command: SeedCommand): number {
  if (command.documentedHeaders.location) return 302;
  if (command.argv.some((a) => a.endsWith('/register'))) return 201;
  return 200;
}

function compare(command: SeedCommand, res: CurlResult, step: StepPlan, origin: string, captured: Map<string, string>): string[] {
  const location = command.documentedHeaders.location;
  if (location) {
    // seed 000 step 2: `location: https://www.example.com:443/callback?code=authorization-code&iss=https%3A%2F%2F…`
    const [base, query] = location.split('?');
    const documented = new URLSearchParams(query);
    const actual = res.headers.location ?? '';
    const problems: string[] = [];
    if (!actual.startsWith(`${base}?`)) problems.push(`location: expected ${base}?…, got ${actual}`);
    const params = new URLSearchParams(actual.split('?')[1] ?? '');
    if (!params.get('code')) problems.push(`location: no code in ${actual}`);
    else captured.set(documented.get('code')!, params.get('code')!);
    if (params.get('iss') !== `${origin}/am/oauth2/realms/root/realms/alpha`) problems.push(`location: iss ${params.get('iss')}`);
    return problems;
  }
  if (command.documentedJson === undefined) return res.json === undefined ? ['no JSON in the response'] : [];
  const documented = { ...(command.documentedJson as Record<string, unknown>), ...step.patch };
  return compareWithDocument(res.json, documented, { origin, captured, generated: step.generated });
}

if (RUNNING) replaySeeds('running');
else {
  replaySeeds('distributed');
  replaySeeds('embedded');
}
