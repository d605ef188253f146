// Times on the REST API are ISO 8601 (YYYY-MM-DDTHH:mm:ss.sssZ). Operation times come from devices'
// clocks and may be any non-negative integer; one past year 9999 has no such form (toISOString gives
// a six-digit year, or throws), so it is clamped rather than failing the whole answer.
const LAST_ISO_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export const isoTime = (ms: number): string => new Date(Math.min(Math.max(ms, 0), LAST_ISO_MS)).toISOString();
