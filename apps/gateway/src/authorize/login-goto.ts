const PROBE_ORIGIN = 'http://mandate.invalid';

/**
 * Where a login may send the browser back to: only a path of this deployment under
 * `{basePath}/oauth2/` (no open redirect). Answers the normalised path and query, or undefined.
 */
export function safeGoto(goto: string | undefined, basePath: string): string | undefined {
  if (!goto || !goto.startsWith('/') || goto.startsWith('//') || goto.includes('\\')) return undefined;
  let url: URL;
  try {
    url = new URL(goto, PROBE_ORIGIN);
  } catch {
    return undefined;
  }
  if (url.origin !== PROBE_ORIGIN || !url.pathname.startsWith(`${basePath}/oauth2/`)) return undefined;
  return `${url.pathname}${url.search}`;
}
