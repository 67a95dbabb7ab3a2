import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { executeDcrScript } from '../dcr/dcr.run';
import { executeMayActScript } from '../may-act/may-act.run';
import { quickJsModule } from '../sandbox/quickjs-module';
import { ScriptError } from '../script-error';
import type { DcrInput } from '../dcr/dcr-script';
import type { MayActInput } from '../may-act/may-act-script';
import type { ScriptTaskMessage, ScriptWorkerMessage } from './script-task';

/**
 * A script-pool worker: its own thread, its own QuickJS WebAssembly module, one run at a time.
 * The parent enforces the deadline from outside (it terminates this thread), so nothing here
 * needs to stay responsive; QuickJS's interrupt handler still stops an ordinary loop first.
 */
const port = parentPort;
if (!port) throw new Error('script.worker runs only as a worker thread');

/**
 * The lowest CPU priority for this thread alone, so that a runaway script loses every contest
 * for a core against the process's event loop (discovery, tokens) and the other services.
 * On Linux a thread's id names it to setpriority(2), and /proc/thread-self gives that id; no
 * library exposes per-thread niceness, hence these few lines. Elsewhere (no /proc) the thread
 * keeps the process's priority: the deadline still holds, only the sharing is fairer here.
 */
function lowerThreadPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 19);
  } catch {
    // No /proc, or not permitted: scripts keep the process's priority.
  }
}
lowerThreadPriority();

const post = (message: ScriptWorkerMessage) => port.postMessage(message);

port.on('message', (message: ScriptTaskMessage) => {
  const run =
    message.task === 'dcr'
      ? executeDcrScript(message.source, message.input as DcrInput, message.limits)
      : executeMayActScript(message.source, message.input as MayActInput, message.limits);
  run.then(
    (result) => post({ type: 'done', id: message.id, result }),
    (error: unknown) => {
      // Only a ScriptError's data crosses back: its message is built from data, never from a host stack.
      const failure = error instanceof ScriptError ? error : new ScriptError('error', 'The script sandbox failed');
      post({ type: 'failed', id: message.id, error: { kind: failure.kind, message: failure.message, line: failure.line } });
    },
  );
});

void quickJsModule().then(() => post({ type: 'ready' }));
