// `npm run dev`: the relay from source on :8081 (restarted on change) and Vite's dev server on :8080,
// which proxies /api and /sync to it.
import { spawn } from 'node:child_process';

const children = [
  spawn(process.execPath, ['--conditions=sheaf-source', '--watch', '--import', 'tsx', 'relay/src/main.ts'], {
    stdio: 'inherit',
    env: { ...process.env, PORT: process.env.RELAY_PORT ?? '8081', LOG_LEVEL: process.env.LOG_LEVEL ?? 'debug' },
  }),
  spawn('npx', ['vite', '--port', process.env.PORT ?? '8080', '--strictPort'], { stdio: 'inherit' }),
];
const stop = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
children.forEach((c) => c.on('exit', stop));
