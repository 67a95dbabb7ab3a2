/** A configuration document in AM's sections: `{coreOAuth2ClientConfig: {...}, ...}`. */
export type Sections = Record<string, Record<string, unknown>>;

/**
 * AM's agent-group inheritance wraps values as `{"inherited": false, "value": ...}`; both
 * that and plain values are accepted, and only plain values are stored and written
 * (am-spec §13.1).
 */
export function unwrapInherited(value: unknown): unknown {
  if (isRecord(value) && 'value' in value && Object.keys(value).every((k) => k === 'value' || k === 'inherited')) return value['value'];
  return value;
}

/**
 * The sections of a request body, each member unwrapped. Members starting with `_` (`_id`,
 * `_rev`, `_type`) are the envelope, not configuration, and are dropped. A section that is
 * not an object is reported by name.
 */
export function sectionsOf(body: Record<string, unknown>): { sections: Sections; invalid: string[] } {
  const sections: Sections = {};
  const invalid: string[] = [];
  for (const [name, section] of Object.entries(body)) {
    if (name.startsWith('_')) continue;
    if (!isRecord(section)) {
      invalid.push(name);
      continue;
    }
    sections[name] = Object.fromEntries(Object.entries(section).map(([k, v]) => [k, unwrapInherited(v)]));
  }
  return { sections, invalid };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `defaults` overlaid with `values`, section by section (one level deep, as AM's sections are). */
export function withDefaults(defaults: Sections, values: Sections): Sections {
  const merged: Sections = {};
  for (const name of new Set([...Object.keys(defaults), ...Object.keys(values)])) {
    merged[name] = { ...(defaults[name] ?? {}), ...(values[name] ?? {}) };
  }
  return merged;
}

/** JSON with object keys sorted: equal for equal documents whatever order Postgres returns keys in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isRecord(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}
