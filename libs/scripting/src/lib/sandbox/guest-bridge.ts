import type { QuickJSContext, QuickJSHandle, Scope } from 'quickjs-emscripten';

/** A guest exception met while the host was working for the guest; re-thrown into the script as is. */
export class GuestThrow {
  constructor(readonly handle: QuickJSHandle) {}
}

export type HostMethod = (this: QuickJSHandle, ...args: QuickJSHandle[]) => QuickJSHandle | void;

/**
 * The only way bindings touch the guest. Data crosses as JSON text, parsed and stringified by the
 * guest's own `JSON` (captured before the script runs, so replacing `JSON` later changes nothing
 * here); host callbacks are QuickJS functions created for the purpose, whose failures surface in
 * the script as ordinary exceptions. No host object is ever handed to the guest.
 */
export class GuestBridge {
  /**
   * A host-side failure inside a callback (the host's native stack overflowing in WebAssembly, an
   * Emscripten abort): the guest only sees an exception, but the engine can no longer be trusted.
   */
  hostFailure: unknown;
  private readonly stringifyFn: QuickJSHandle;
  private readonly parseFn: QuickJSHandle;
  private readonly stringFn: QuickJSHandle;

  constructor(
    readonly context: QuickJSContext,
    private readonly scope: Scope,
  ) {
    const json = scope.manage(context.getProp(context.global, 'JSON'));
    this.stringifyFn = scope.manage(context.getProp(json, 'stringify'));
    this.parseFn = scope.manage(context.getProp(json, 'parse'));
    this.stringFn = scope.manage(context.getProp(context.global, 'String'));
  }

  /** The guest's captured `JSON.stringify` and `String`, for code that describes a guest error. */
  get builtins(): readonly [stringify: QuickJSHandle, toText: QuickJSHandle] {
    return [this.stringifyFn, this.stringFn];
  }

  /** Ties a handle to the run: disposed with the context. */
  manage<T extends QuickJSHandle>(handle: T): T {
    return this.scope.manage(handle);
  }

  /** `JSON.stringify(value)` in the guest (honours `toJSON`, so a legacy JsonValue unwraps itself). */
  toJson(value: QuickJSHandle): string | undefined {
    const result = this.context.callFunction(this.stringifyFn, this.context.undefined, value);
    if (result.error) throw new GuestThrow(result.error);
    return result.value.consume((json) => (this.context.typeof(json) === 'string' ? this.context.getString(json) : undefined));
  }

  /** A new guest value from host data, through the guest's `JSON.parse`. The caller owns the handle. */
  fromData(data: unknown): QuickJSHandle {
    if (data === undefined) return this.context.undefined;
    const result = this.context
      .newString(JSON.stringify(data))
      .consume((text) => this.context.callFunction(this.parseFn, this.context.undefined, text));
    if (result.error) throw new GuestThrow(result.error);
    return result.value;
  }

  /** `String(value)` in the guest. */
  text(value: QuickJSHandle): string {
    if (this.context.typeof(value) === 'string') return this.context.getString(value);
    const result = this.context.callFunction(this.stringFn, this.context.undefined, value);
    if (result.error) throw new GuestThrow(result.error);
    return result.value.consume((text) => this.context.getString(text));
  }

  /** Sets a global binding (writable: a script may shadow it, as in AM). */
  setGlobal(name: string, value: QuickJSHandle): void {
    this.context.setProp(this.context.global, name, value);
  }

  setGlobalData(name: string, data: unknown): void {
    const value = this.fromData(data);
    try {
      this.setGlobal(name, value);
    } finally {
      value.dispose();
    }
  }

  /**
   * A global built on first read (building costs host calls or guest compilation that most
   * scripts never need). Behaves like a writable, configurable global: assignments replace it.
   */
  defineLazyGlobal(name: string, build: () => QuickJSHandle): void {
    let value: QuickJSHandle | undefined;
    this.context.defineProp(this.context.global, name, {
      configurable: true,
      enumerable: false,
      get: this.hostFunction(() => {
        value ??= this.manage(build());
        return value.dup();
      }) as (this: QuickJSHandle) => QuickJSHandle,
      set: this.hostFunction((assigned: QuickJSHandle) => {
        value = this.manage(assigned.dup());
      }),
    });
  }

  /** A plain guest object whose methods call back into the host. The caller owns the handle. */
  newObject(methods: Record<string, HostMethod>): QuickJSHandle {
    const object = this.context.newObject();
    for (const [name, method] of Object.entries(methods)) {
      this.context.newFunction(name, this.hostFunction(method)).consume((fn) => this.context.setProp(object, name, fn));
    }
    return object;
  }

  /**
   * Wraps a host callback: a GuestThrow is re-thrown into the guest as the original exception; a
   * TypeError (the bindings' argument checks) becomes a guest TypeError; anything else is
   * recorded as a host failure.
   */
  hostFunction(method: HostMethod): HostMethod {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const bridge = this;
    return function (this: QuickJSHandle, ...args: QuickJSHandle[]) {
      try {
        return method.apply(this, args);
      } catch (error) {
        if (error instanceof GuestThrow) throw error.handle;
        if (!(error instanceof TypeError)) bridge.hostFailure ??= error;
        throw error;
      }
    };
  }
}
