import type { AgentType } from '@mandate/contracts';
import type { Sections } from '../realm-config/am-values';
import { ADVANCED, CORE, OIDC, OVERRIDE, SIGN_ENC } from './dcr-fields';

/** Where a script's short attribute name is looked up, first match wins (am-spec §11.5). */
const SECTION_ORDER = [CORE, ADVANCED, OVERRIDE, SIGN_ENC, OIDC, 'coreUmaClientConfig'];
/** Attributes the script sees but cannot change here: the registry type comes from the endpoint used. */
const READ_ONLY = new Set(['AgentType']);

/**
 * The client as the DCR script's `clientIdentity` sees it: AM's short client-config names with
 * string-array values (`{statelessTokensEnabled: ['false'], grantTypes: [...]}`, am-spec §11.5).
 */
export function toScriptAttributes(type: AgentType, config: Sections): Record<string, unknown[]> {
  const attributes: Record<string, unknown[]> = { AgentType: [type] };
  for (const name of SECTION_ORDER) {
    for (const [field, value] of Object.entries(config[name] ?? {})) {
      if (field in attributes || value === null || value === undefined || typeof value === 'object' && !Array.isArray(value)) continue;
      attributes[field] = Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) : [String(value)];
    }
  }
  return attributes;
}

export interface AppliedAttributes {
  config: Sections;
  /** Attributes the script stored that no section holds (ignored), or whose value does not fit. */
  ignored: string[];
  problems: string[];
}

/**
 * What the script `store()`d → the sections: each changed attribute is written to the member of
 * that name, converted to the member's type (`["true"]` → true, `["0"]` → 0, `[id]` → id, lists as
 * lists). seed 002: `providerOverridesEnabled`, `accessTokenMayActScript`, `statelessTokensEnabled`.
 */
export function applyScriptAttributes(config: Sections, before: Record<string, unknown[]>, stored: Record<string, unknown[]>): AppliedAttributes {
  const next = structuredClone(config);
  const ignored: string[] = [];
  const problems: string[] = [];
  for (const [name, values] of Object.entries(stored)) {
    if (JSON.stringify(values) === JSON.stringify(before[name])) continue;
    const section = SECTION_ORDER.find((s) => next[s] && Object.prototype.hasOwnProperty.call(next[s], name));
    if (READ_ONLY.has(name) || !section) {
      ignored.push(name);
      continue;
    }
    const current = next[section][name];
    const first = values[0];
    if (Array.isArray(current)) next[section][name] = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    else if (typeof current === 'boolean') {
      if (String(first) !== 'true' && String(first) !== 'false') problems.push(`${name} must be ["true"] or ["false"]`);
      else next[section][name] = String(first) === 'true';
    } else if (typeof current === 'number') {
      const n = Number(first);
      if (!Number.isFinite(n)) problems.push(`${name} must be a number`);
      else next[section][name] = n;
    } else next[section][name] = first === undefined ? '' : String(first);
  }
  return { config: next, ignored, problems };
}
