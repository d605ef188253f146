// One relay for a test file: started before its tests, stopped after them, with the drive clients
// they opened closed first. Tests read `url` once the relay is up and push the clients they open.
import { afterAll, beforeAll } from 'vitest';
import type { DriveClient } from './drive-client.js';
import { startTestRelay, type TestRelay } from './test-relay.js';

export type RelayPerFile = {
  /** The relay's base URL; read in a test or hook, once the relay has started. */
  readonly url: string;
  /** Clients opened by the tests, closed before the relay stops. */
  readonly clients: DriveClient[];
};

export function relayPerFile(): RelayPerFile {
  let relay: TestRelay | undefined;
  const clients: DriveClient[] = [];
  beforeAll(async () => {
    relay = await startTestRelay();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await relay?.cleanup();
  });
  return {
    clients,
    get url() {
      if (relay === undefined) throw new Error('the relay starts in beforeAll: read its url inside a test');
      return relay.url;
    },
  };
}
