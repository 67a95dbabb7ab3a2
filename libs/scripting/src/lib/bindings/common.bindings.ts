import type { QuickJSHandle } from 'quickjs-emscripten';
import { JAVA_EMULATION_GLOBALS, JAVA_EMULATION_GUEST } from '../guest/java-emulation.guest';
import { GuestThrow, type GuestBridge } from '../sandbox/guest-bridge';
import type { ScriptLogCollector } from '../script-log';

/** What every script context gets (am-spec §11.5, §12.1 common bindings). */
export interface CommonBindingInput {
  requestProperties?: unknown;
  scriptName?: string;
}

export function installCommonBindings(bridge: GuestBridge, input: CommonBindingInput, logs: ScriptLogCollector): void {
  bridge.setGlobalData('requestProperties', input.requestProperties ?? {});
  bridge.setGlobalData('scriptName', input.scriptName ?? null);
  installLogger(bridge, logs);
  installLazyJavaEmulation(bridge);
}

/**
 * `logger`: legacy Debug names (error/warning/message) and next-generation SLF4J names
 * (error/warn/info/debug/trace) with `{}` placeholders. Lines are collected for the caller.
 */
function installLogger(bridge: GuestBridge, logs: ScriptLogCollector): void {
  const level = (name: string) =>
    function (this: QuickJSHandle, ...args: QuickJSHandle[]): void {
      logs.add(name, format(bridge, args));
    };
  const yes = () => bridge.context.true;
  bridge.defineLazyGlobal('logger', () =>
    bridge.newObject({
      error: level('error'),
      warning: level('warn'),
      warn: level('warn'),
      info: level('info'),
      message: level('debug'),
      debug: level('debug'),
      trace: level('trace'),
      errorEnabled: yes,
      warningEnabled: yes,
      messageEnabled: yes,
      isErrorEnabled: yes,
      isWarnEnabled: yes,
      isInfoEnabled: yes,
      isDebugEnabled: yes,
      isTraceEnabled: yes,
    }),
  );
}

function format(bridge: GuestBridge, args: QuickJSHandle[]): string {
  if (!args.length) return '';
  const [template, ...values] = args.map((arg) => show(bridge, arg));
  let next = 0;
  return template.replace(/\{\}/g, (placeholder) => (next < values.length ? values[next++] : placeholder));
}

function show(bridge: GuestBridge, value: QuickJSHandle): string {
  if (bridge.context.typeof(value) === 'object') {
    try {
      const json = bridge.toJson(value);
      if (json !== undefined && json !== '{}') return json;
    } catch (error) {
      if (!(error instanceof GuestThrow)) throw error;
      error.handle.dispose();
    }
  }
  return bridge.text(value);
}

/**
 * `JavaImporter`, `org`, `java`, `Packages`: the first read of any of them compiles the Java
 * emulation (≈0.6 ms), so next-generation scripts never pay for it.
 */
function installLazyJavaEmulation(bridge: GuestBridge): void {
  const { context } = bridge;
  let globals: QuickJSHandle | undefined;
  const emulation = (): QuickJSHandle => {
    if (globals) return globals;
    const factory = context.evalCode(JAVA_EMULATION_GUEST, 'mandate-java.js', { type: 'global', strict: true });
    if (factory.error) throw new GuestThrow(factory.error);
    const result = factory.value.consume((fn) => context.callFunction(fn, context.undefined));
    if (result.error) throw new GuestThrow(result.error);
    globals = bridge.manage(result.value);
    return globals;
  };
  // Own data properties of an object the emulation just built: reading them runs no script code.
  for (const name of JAVA_EMULATION_GLOBALS) bridge.defineLazyGlobal(name, () => context.getProp(emulation(), name));
}
