// The real entry point as a child process, for tests that signal or kill it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

export type SpawnedRelay = {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: () => Promise<number | null>;
};

/** Starts relay/src/main.ts on a free loopback port over `dataDir` and waits until it serves. */
export async function spawnRelay(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<SpawnedRelay> {
  const child = spawn(process.execPath, ['--conditions=sheaf-source', '--import', 'tsx', MAIN], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { url?: string };
        if (entry.url !== undefined) resolve(entry.url.replace('localhost', '127.0.0.1'));
      } catch {
        // Not a log line of ours (a warning printed by a dependency): nothing to read.
      }
    });
    void exit.then((code) => reject(new Error(`relay exited with ${code}`)));
  });
  return { child, url, exited: () => exit };
}
