// Debian's Chromium as Sheaf's tests and benchmarks launch it: Playwright's own browser download
// is never needed, and as root in a container it runs without sandbox or GPU, with nothing that
// phones home (this machine's network refuses those connections, many at a time).
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
