// How the relay answers a /sync upgrade, for tests of who may open one.
import WebSocket from 'ws';

/** The HTTP status the relay answered with, or 101 when it became a WebSocket (closed again at once). */
export const syncUpgradeStatus = (relayUrl: string, token: string, origin?: string): Promise<number> =>
  new Promise((resolve) => {
    const ws = new WebSocket(`${relayUrl.replace('http', 'ws')}/sync?token=${encodeURIComponent(token)}`, {
      ...(origin === undefined ? {} : { origin }),
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', () => undefined);
  });
