import { z } from 'zod';

/**
 * Typed configuration, read from the environment and validated at boot. A service declares
 * the slices it needs; `validateConfig` checks them all at once so that a bad start lists
 * every problem, not the first one.
 */
export interface ConfigSlice<S extends z.ZodObject = z.ZodObject> {
  readonly token: symbol;
  readonly schema: S;
}

export function defineConfig<S extends z.ZodObject>(name: string, schema: S): ConfigSlice<S> {
  return { token: Symbol.for(`mandate.config.${name}`), schema };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig<S extends z.ZodObject>(slice: ConfigSlice<S>, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = slice.schema.safeParse(env);
  if (!result.success) throw new ConfigError(describe(result.error));
  return result.data;
}

export function validateConfig(slices: readonly ConfigSlice[], env: NodeJS.ProcessEnv = process.env): void {
  const problems = new Set<string>();
  for (const slice of slices) {
    const result = slice.schema.safeParse(env);
    if (!result.success) describe(result.error).forEach((p) => problems.add(p));
  }
  if (problems.size) throw new ConfigError([...problems]);
}

function describe(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`);
}

/**
 * An environment variable set to the empty string counts as unset, so that its default applies
 * (compose files and Kubernetes manifests often write `NAME: ""`). Use with `z.preprocess`.
 */
export function emptyAsUnset(value: unknown): unknown {
  return value === '' ? undefined : value;
}

/** A Nest provider for one slice, so services inject `@Inject(slice.token)` typed config. */
export function configProvider(slice: ConfigSlice) {
  return { provide: slice.token, useFactory: () => loadConfig(slice) };
}
