// The plain baseline server as a process of its own (see plain-file-server.ts), started by
// server-process.ts like the relay's main.ts: DATA_DIR from the environment, its URL printed as a
// JSON line on stdout, SIGTERM closes it.
import { startPlainFileServer } from './plain-file-server.js';

const dir = process.env.DATA_DIR;
if (dir === undefined || dir === '') throw new Error('DATA_DIR is required');
const server = await startPlainFileServer(dir);
console.log(JSON.stringify({ url: server.url }));
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
