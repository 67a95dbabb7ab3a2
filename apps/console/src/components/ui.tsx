import { type ReactNode, useState } from 'react';
import { CrestError } from '../api';

/** The server's error exactly as it came: `code reason: message`. */
export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  if (error instanceof CrestError)
    return (
      <div className="error" role="alert" data-testid="server-error">
        <strong>
          {error.code} {error.reason}
        </strong>
        : {error.message}
      </div>
    );
  return (
    <div className="error" role="alert">
      {error instanceof Error ? error.message : String(error)}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="notice" role="status">
      {children}
    </div>
  );
}

/** Runs one async action at a time, keeping its error and its outcome for display. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  async function run(action: () => Promise<string | void>) {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const message = await action();
      if (message) setDone(message);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, done, run, setError, setDone };
}

export function Tabs({ tabs, active, onChange }: { tabs: string[]; active: string; onChange: (tab: string) => void }) {
  return (
    <div className="tabs" role="tablist">
      {tabs.map((t) => (
        <button key={t} type="button" role="tab" aria-selected={t === active} className={t === active ? 'tab active' : 'tab'} onClick={() => onChange(t)}>
          {t}
        </button>
      ))}
    </div>
  );
}
