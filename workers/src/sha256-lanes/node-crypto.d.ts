// The part of Node's crypto that the SHA-256 tests check against: workers/ compiles for browsers,
// without @types/node, and only its tests (run by vitest in Node) import this.
declare module 'node:crypto' {
  type Hash = {
    update(data: Uint8Array): Hash;
    digest(encoding: 'hex'): string;
  };
  export function createHash(algorithm: 'sha256'): Hash;
}
