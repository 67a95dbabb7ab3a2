import { useEffect, useState } from 'react';

/**
 * The console's few pages are one path segment under `/console/` (`agents`, `scripts`, …), the
 * selected item in the query (`?id=`). A router library would add weight for a dozen lines of
 * History API: this hook is the whole of it.
 */
const CONSOLE_ROOT = window.location.pathname.replace(/\/console(\/.*)?$/, '') + '/console/';

export interface Route {
  page: string;
  params: URLSearchParams;
}

function current(): Route {
  const rest = window.location.pathname.startsWith(CONSOLE_ROOT) ? window.location.pathname.slice(CONSOLE_ROOT.length) : '';
  return { page: rest.split('/')[0] ?? '', params: new URLSearchParams(window.location.search) };
}

const listeners = new Set<() => void>();

export function navigate(page: string, params: Record<string, string> = {}): void {
  const query = new URLSearchParams(params).toString();
  window.history.pushState(null, '', `${CONSOLE_ROOT}${page}${query ? `?${query}` : ''}`);
  listeners.forEach((l) => l());
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}
