// A server under test in a child process of its own: the real relay entry point (relay/src/main.ts)
// or the plain baseline server, started the same way, so that its memory can be read from /proc and
// the bench's client does not share its event loop or its core.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RELAY_MAIN = fileURLToPath(new URL('../../relay/src/main.ts', import.meta.url));
const PLAIN_FILE_SERVER_MAIN = fileURLToPath(new URL('./plain-file-server-main.ts', import.meta.url));

/** tsx compiles on first load: a cold start on a busy 2-core machine takes a few seconds. */
const START_TIMEOUT_MS = 30_000;
/** The relay drains in-flight requests and flushes documents on SIGTERM; past this it is killed. */
const STOP_TIMEOUT_MS = 10_000;

/** Resident memory of a process, in KiB, as Linux reports it in /proc/<pid>/status. */
export type ProcessMemory = { readonly rssKiB: number; readonly peakKiB: number };

export type ServerProcess = {
  /** Origin on 127.0.0.1, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly pid: number;
  memory(): Promise<ProcessMemory>;
  /**
   * Sets the peak (VmHWM) back to the current RSS by writing 5 to /proc/<pid>/clear_refs, so that a
   * later peak is that of what happened in between; false where the kernel does not allow it.
   */
  resetPeak(): Promise<boolean>;
  /** SIGTERM, then SIGKILL if it has not exited within 10 s. */
  close(): Promise<void>;
};

/**
 * Starts `script` with `node --conditions=sheaf-source --import tsx`, as relay/src/main.test.ts
 * starts the relay, and waits for the JSON line on its stdout that carries `url`.
 */
export async function spawnServer(
  script: string,
  env: Readonly<Record<string, string>>,
  signal: AbortSignal,
): Promise<ServerProcess> {
  signal.throwIfAborted();
  // BENCH_CPU_PROFILE_DIR=<dir> has every server write a V8 CPU profile there when it stops
  // (Node refuses --cpu-prof in NODE_OPTIONS), to see where a bench's server time goes.
  const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
  const profile = profileDir === undefined || profileDir === '' ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  const child = spawn(process.execPath, [...profile, '--conditions=sheaf-source', '--import', 'tsx', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const close = (): Promise<void> => stop(child);
  try {
    const url = await announcedUrl(child, signal);
    const pid = child.pid;
    if (pid === undefined) throw new Error(`${script} has no process id`);
    return {
      url,
      pid,
      memory: () => readMemory(pid),
      resetPeak: () =>
        writeFile(`/proc/${pid}/clear_refs`, '5').then(
          () => true,
          () => false,
        ),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The relay's real entry point on 127.0.0.1, port 0, with its data (SQLite, blobs) under `dataDir`,
 * no web app, and the chunk collector off so that it cannot run in the middle of a measurement.
 */
export function spawnRelay(dataDir: string, signal: AbortSignal): Promise<ServerProcess> {
  const env = {
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    WEB_DIR: join(dataDir, 'no-web'),
    LOG_LEVEL: 'info',
    COLLECT_INTERVAL_MINUTES: '0',
  };
  return spawnServer(RELAY_MAIN, env, signal);
}

/** The plain baseline server (plain-file-server.ts) writing under `dataDir`. */
export function spawnPlainFileServer(dataDir: string, signal: AbortSignal): Promise<ServerProcess> {
  return spawnServer(PLAIN_FILE_SERVER_MAIN, { DATA_DIR: dataDir }, signal);
}

function announcedUrl(child: ChildProcess, signal: AbortSignal): Promise<string> {
  const stdout = child.stdout;
  if (stdout === null) return Promise.reject(new Error('the server has no stdout'));
  // Every line is read until the process ends, so that a chatty server never blocks on a full pipe.
  const lines = createInterface({ input: stdout });
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no URL within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    const onAbort = (): void => finish(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    const onExit = (code: number | null): void => finish(new Error(`the server exited with ${code} before serving`));
    const finish = (outcome: string | Error): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      child.off('exit', onExit);
      lines.off('line', onLine);
      if (typeof outcome === 'string') resolve(outcome);
      else reject(outcome);
    };
    const onLine = (line: string): void => {
      const url = urlIn(line);
      if (url !== undefined) finish(url.replace('localhost', '127.0.0.1'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    child.once('exit', onExit);
    lines.on('line', onLine);
  });
}

/** The `url` of a JSON log line (pino's, or the plain server's), if it has one. */
function urlIn(line: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed === 'object' && parsed !== null && 'url' in parsed && typeof parsed.url === 'string') {
      return parsed.url;
    }
  } catch {
    // Not every line a server prints is JSON.
  }
  return undefined;
}

async function readMemory(pid: number): Promise<ProcessMemory> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (match?.[1] === undefined) throw new Error(`no ${name} in /proc/${pid}/status`);
    return Number(match[1]);
  };
  return { rssKiB: field('VmRSS'), peakKiB: field('VmHWM') };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), STOP_TIMEOUT_MS);
  });
  const outcome = await Promise.race([exited, late]);
  clearTimeout(timer);
  if (outcome === 'late') {
    child.kill('SIGKILL');
    await exited;
  }
}
