// How a transfer's speed and time left read in the upload panel ("3.2 MB/s", "about 1 min left").
import { formatBytes } from '@sheaf/shared/format-bytes';

export const formatSpeed = (bytesPerSecond: number): string => `${formatBytes(Math.round(bytesPerSecond))}/s`;

/**
 * Rounded the way people say it: seconds only near the end, then minutes, then hours, so that the
 * text does not flicker with every sample.
 */
export function formatTimeLeft(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds <= 5) return 'a few seconds left';
  if (seconds < 60) return `${Math.ceil(seconds / 5) * 5} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `about ${hours} h left`;
  return `about ${Math.round(hours / 24)} days left`;
}
