import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { http, workspaceRoot } from '@mandate/testing';

interface DemoFile {
  users: Record<string, Array<Record<string, unknown>>>;
  groups: Record<string, Array<Record<string, unknown>>>;
  scripts: Record<string, Array<{ _id?: string; name: string; description?: string; context: string; language: string; evaluatorVersion: string; source: string }>>;
  providers: Record<string, Record<string, unknown>>;
  clients: Record<string, Record<string, Record<string, unknown>>>;
  agents: Record<string, Record<string, Record<string, unknown>>>;
  policies: Record<string, Record<string, Record<string, Record<string, unknown>>>>;
}

const realmSegment = (realm: string) => `/realms/root${realm.split('/').filter(Boolean).map((n) => `/realms/${n}`).join('')}`;

/**
 * Configures Mandate the way an AM administrator would for the seed pages: signs in as amadmin
 * and sends AM's admin REST calls (users, groups, scripts, provider settings, OAuth2 clients, AI
 * agents, application policies), with the seeds' values from config/demo.json. Like the
 * administrator of seed 002, it notes the may-act script's generated `_id` and writes it into the
 * DCR script.
 */
export async function configureSeedsThroughRest(baseUrl: string, adminPassword: string): Promise<void> {
  const login = await http(`${baseUrl}/json/realms/root/authenticate`, {
    method: 'POST',
    headers: { 'X-OpenAM-Username': 'amadmin', 'X-OpenAM-Password': adminPassword, 'Accept-API-Version': 'resource=2.0, protocol=1.0' },
  });
  if (login.status !== 200) throw new Error(`amadmin login: ${login.status} ${login.text}`);
  const token = (login.json as { tokenId: string }).tokenId;
  const call = async (method: string, path: string, version: string, body: unknown, ok: number[]) => {
    const res = await http(`${baseUrl}/json${path}`, {
      method,
      headers: { iPlanetDirectoryPro: token, 'Content-Type': 'application/json', 'Accept-API-Version': version },
      body: JSON.stringify(body),
    });
    if (!ok.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
    return res.json as Record<string, unknown>;
  };
  const demo = JSON.parse(readFileSync(join(workspaceRoot(), 'config', 'demo.json'), 'utf8')) as DemoFile;

  for (const [realm, users] of Object.entries(demo.users)) {
    for (const user of users) await call('POST', `${realmSegment(realm)}/users?_action=create`, 'protocol=2.1,resource=3.0', user, [201]);
  }
  for (const [realm, groups] of Object.entries(demo.groups)) {
    for (const group of groups) await call('POST', `${realmSegment(realm)}/groups?_action=create`, 'protocol=2.1,resource=3.0', group, [201]);
  }
  for (const [realm, scripts] of Object.entries(demo.scripts)) {
    const ids = new Map<string, string>();
    for (const script of scripts) {
      let source = script.source;
      for (const [documented, actual] of ids) source = source.split(documented).join(actual);
      const created = await call(
        'POST',
        `${realmSegment(realm)}/scripts?_action=create`,
        'resource=1.1',
        { name: script.name, description: script.description, context: script.context, language: script.language, evaluatorVersion: script.evaluatorVersion, script: Buffer.from(source).toString('base64') },
        [201],
      );
      if (script._id) ids.set(script._id, String(created._id));
    }
  }
  for (const [realm, provider] of Object.entries(demo.providers)) {
    await call('PUT', `${realmSegment(realm)}/realm-config/services/oauth-oidc`, 'protocol=1.0,resource=1.0', provider, [200]);
  }
  for (const [realm, clients] of Object.entries(demo.clients)) {
    for (const [id, client] of Object.entries(clients)) await call('PUT', `${realmSegment(realm)}/realm-config/agents/OAuth2Client/${id}`, 'resource=1.0', client, [200, 201]);
  }
  for (const [realm, agents] of Object.entries(demo.agents)) {
    for (const [id, agent] of Object.entries(agents)) await call('PUT', `${realmSegment(realm)}/realm-config/agents/AIAgent/${id}`, 'resource=2.0', agent, [200, 201]);
  }
  for (const [realm, byAgent] of Object.entries(demo.policies)) {
    for (const [agent, byApp] of Object.entries(byAgent)) {
      for (const [app, policy] of Object.entries(byApp)) {
        await call('PUT', `${realmSegment(realm)}/realm-config/agents/AIAgent/${agent}/applications/${app}`, 'resource=2.0', policy, [200, 201]);
      }
    }
  }
}
