import type { QuickJSHandle } from 'quickjs-emscripten';
import type { GuestBridge } from '../sandbox/guest-bridge';
import { parseJsonObject } from '../sandbox/guest-json';

export interface MayActBindingInput {
  token?: { claims?: Record<string, unknown>; scope?: string[] };
  clientProperties?: unknown;
  scopes?: string[];
  identity?: unknown;
}

/** Where `token.setMayAct` writes: the host's copy of the claim. */
export interface MayActState {
  mayAct: Record<string, unknown> | undefined;
}

/**
 * am-spec §12.1 may-act bindings: `token` (next-gen ExchangeableTokenScriptWrapper subset:
 * `setMayAct`, `getMayAct`, `getAct`, `getField`, `getScope`), `clientProperties`, `scopes`,
 * `identity` (plain data or null) and `session` (null: no SSO session reaches a token exchange).
 */
export function installMayActBindings(bridge: GuestBridge, input: MayActBindingInput, state: MayActState): void {
  const claims = input.token?.claims ?? {};
  const has = (name: string) => Object.prototype.hasOwnProperty.call(claims, name);
  const initial = claims['may_act'];
  state.mayAct = initial && typeof initial === 'object' && !Array.isArray(initial) ? (initial as Record<string, unknown>) : undefined;

  const token = bridge.newObject({
    // RFC 8693 §4.4 may_act. Accepts a plain object (next-gen) or a legacy JsonValue (it
    // serialises through toJSON); null/undefined clears the claim.
    setMayAct(value?: QuickJSHandle): void {
      const type = value ? bridge.context.typeof(value) : 'undefined';
      if (!value || type === 'undefined' || bridge.context.sameValue(value, bridge.context.null)) {
        state.mayAct = undefined;
        return;
      }
      if (type !== 'object') throw new TypeError('token.setMayAct expects an object');
      const json = bridge.toJson(value);
      if (json === undefined) throw new TypeError('token.setMayAct expects an object');
      state.mayAct = parseJsonObject(json, 'token.setMayAct');
    },
    getMayAct: () => bridge.fromData(state.mayAct ?? null),
    getAct: () => bridge.fromData(has('act') ? claims['act'] : null),
    getField(name?: QuickJSHandle) {
      const key = name ? bridge.text(name) : '';
      return bridge.fromData(has(key) ? claims[key] : null);
    },
    getScope: () => bridge.fromData(input.token?.scope ?? []),
  });
  try {
    bridge.setGlobal('token', token);
  } finally {
    token.dispose();
  }
  bridge.setGlobalData('clientProperties', input.clientProperties ?? null);
  bridge.setGlobalData('scopes', input.scopes ?? []);
  bridge.setGlobalData('identity', input.identity ?? null);
  bridge.setGlobalData('session', null);
}
