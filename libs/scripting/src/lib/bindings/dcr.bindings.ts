import type { QuickJSHandle } from 'quickjs-emscripten';
import type { GuestBridge } from '../sandbox/guest-bridge';

export interface DcrBindingInput {
  operation: string;
  clientIdentity: { name: string; isAIAgent: boolean; attributes?: Record<string, unknown[]> } | null;
  softwareStatement?: unknown;
}

/** The host's copy of the client's attributes, and the snapshot taken by the last `store()`. */
export interface DcrState {
  attributes: Record<string, unknown[]>;
  stored: Record<string, unknown[]> | undefined;
}

/**
 * am-spec §11.5 DCR bindings: `operation`, `softwareStatement` (`{}` if none) and `clientIdentity`
 * (ScriptedClient subset: `isAIAgent`, `getName`, `getAttributeValues`, `setAttribute` (overwrites),
 * `addAttribute`, `store`; null on DELETE). `httpClient` and the other remote bindings are absent.
 */
export function installDcrBindings(bridge: GuestBridge, input: DcrBindingInput, state: DcrState): void {
  bridge.setGlobalData('operation', input.operation);
  bridge.setGlobalData('softwareStatement', input.softwareStatement === undefined ? {} : input.softwareStatement);
  const client = input.clientIdentity;
  if (!client) {
    bridge.setGlobalData('clientIdentity', null);
    return;
  }
  state.attributes = structuredClone(client.attributes ?? {});
  const has = (name: string) => Object.prototype.hasOwnProperty.call(state.attributes, name);
  const valuesOf = (list: QuickJSHandle | undefined, what: string): unknown[] => {
    const json = list ? bridge.toJson(list) : undefined;
    const values = json === undefined ? undefined : (JSON.parse(json) as unknown);
    if (!Array.isArray(values)) throw new TypeError(`${what} expects an array of values`);
    return values;
  };

  const identity = bridge.newObject({
    isAIAgent: () => (client.isAIAgent ? bridge.context.true : bridge.context.false),
    getName: () => bridge.fromData(client.name),
    exists: () => bridge.context.true,
    getAttributeValues(name?: QuickJSHandle) {
      const key = name ? bridge.text(name) : '';
      return bridge.fromData(has(key) ? state.attributes[key] : []);
    },
    setAttribute(name?: QuickJSHandle, values?: QuickJSHandle): void {
      const key = name ? bridge.text(name) : '';
      state.attributes = { ...state.attributes, [key]: valuesOf(values, 'clientIdentity.setAttribute') };
    },
    addAttribute(name?: QuickJSHandle, value?: QuickJSHandle): void {
      const key = name ? bridge.text(name) : '';
      const added = value ? bridge.toJson(value) : undefined;
      if (added === undefined) throw new TypeError('clientIdentity.addAttribute expects a value');
      state.attributes = { ...state.attributes, [key]: [...(has(key) ? state.attributes[key] : []), JSON.parse(added)] };
    },
    store(): void {
      state.stored = structuredClone(state.attributes);
    },
  });
  try {
    bridge.setGlobal('clientIdentity', identity);
  } finally {
    identity.dispose();
  }
}
