// How a byte count reads to people, the same in the app and in the relay's messages.

const UNITS = ['KB', 'MB', 'GB', 'TB'] as const;

/** Decimal units, as file managers show them: 3,670,016 bytes is "3.7 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  let value = bytes;
  let unit: string = 'bytes';
  for (const next of UNITS) {
    if (value < 1000) break;
    value /= 1000;
    unit = next;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value).toString()} ${unit}`;
}
