// The baseline worker's comlink API: crypto.subtle.digest alone, over pieces it was handed once.
export type DigestApi = {
  /** Keeps `pieces` (transferred) for the runs to come, replacing any held before. */
  load(pieces: ArrayBuffer[]): void;
  /** SHA-256 of every piece held, one after another, as hex. */
  digestAll(): Promise<string[]>;
};
