// The in-memory BlobStore against the shared contract, so unit tests that use it can be trusted.
import { runBlobStoreContract } from './blob-store-contract.js';
import { MemoryBlobStore } from './memory-blob-store.js';

runBlobStoreContract('MemoryBlobStore', () =>
  Promise.resolve({ store: new MemoryBlobStore(), teardown: () => Promise.resolve() }),
);
