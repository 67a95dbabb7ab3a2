import { newQuickJSWASMModule, RELEASE_SYNC, type QuickJSSyncVariant, type QuickJSWASMModule } from 'quickjs-emscripten';

/**
 * The release build of QuickJS, loaded with a plain `require`: the package's own loader uses a
 * dynamic `import()`, which Jest's VM refuses. Kept external by webpack (node_modules), so the
 * Emscripten glue still finds its .wasm next to itself.
 */
const VARIANT: QuickJSSyncVariant = {
  ...RELEASE_SYNC,
  importModuleLoader: () => Promise.resolve(require('@jitl/quickjs-wasmfile-release-sync/emscripten-module')),
};

let loading: Promise<QuickJSWASMModule> | undefined;
let loaded: QuickJSWASMModule | undefined;

/**
 * The QuickJS WebAssembly module, compiled once and lazily (≈85 ms) on the first run. Our own
 * instance, not the package's shared singleton, so nothing else in the process shares its heap.
 */
export function quickJsModule(): Promise<QuickJSWASMModule> {
  if (!loading) {
    loading = newQuickJSWASMModule(VARIANT).then(
      (module) => (loaded = module),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    );
  }
  return loading;
}

/**
 * Forgets a module that failed on the host side (an Emscripten abort, the host's native stack
 * overflowing inside WebAssembly): its state can no longer be trusted, so the next run loads a fresh one.
 */
export function discardQuickJsModule(module: QuickJSWASMModule): void {
  if (loaded !== module) return;
  loaded = undefined;
  loading = undefined;
}
