// A readable name for this device ("Chromium on Linux · 4f2a"), shown next to the files it added.
// Made once per browser profile and kept; the suffix tells two identical browsers apart.
import { z } from 'zod';

const UserAgentData = z.object({ brands: z.array(z.object({ brand: z.string() })) });

const BRANDS: ReadonlyArray<[string, string]> = [
  ['Microsoft Edge', 'Edge'],
  ['Opera', 'Opera'],
  ['Brave', 'Brave'],
  ['Google Chrome', 'Chrome'],
  ['Chromium', 'Chromium'],
];

/** The browser's name from User-Agent Client Hints brands, else from the User-Agent string. */
export function browserName(userAgent: string, brands: readonly string[]): string {
  for (const [brand, name] of BRANDS) if (brands.includes(brand)) return name;
  if (/Edg\//.test(userAgent)) return 'Edge';
  if (/OPR\//.test(userAgent)) return 'Opera';
  if (/Firefox\//.test(userAgent)) return 'Firefox';
  if (/Chromium\//.test(userAgent)) return 'Chromium';
  if (/Chrome\//.test(userAgent)) return 'Chrome';
  if (/Safari\//.test(userAgent)) return 'Safari';
  return 'Browser';
}

export function osName(userAgent: string): string {
  if (/Android/.test(userAgent)) return 'Android';
  if (/iPhone|iPad|iPod/.test(userAgent)) return 'iOS';
  if (/CrOS/.test(userAgent)) return 'ChromeOS';
  if (/Windows/.test(userAgent)) return 'Windows';
  if (/Mac OS X|Macintosh/.test(userAgent)) return 'macOS';
  if (/Linux|X11/.test(userAgent)) return 'Linux';
  return 'an unknown system';
}

export function describeDevice(userAgent: string, brands: readonly string[], suffix: string): string {
  return `${browserName(userAgent, brands)} on ${osName(userAgent)} · ${suffix}`;
}

/** What the device runs, for the list of signed-in devices: "Web (Chromium, Linux)". */
export function describePlatform(userAgent: string, brands: readonly string[]): string {
  const os = osName(userAgent);
  const browser = browserName(userAgent, brands);
  return os === 'an unknown system' ? `Web (${browser})` : `Web (${browser}, ${os})`;
}

/** The brands Chromium exposes as `navigator.userAgentData`, which the DOM typings lack. */
export function userAgentBrands(nav: Navigator): string[] {
  const data = UserAgentData.safeParse(Reflect.get(nav, 'userAgentData'));
  return data.success ? data.data.brands.map((b) => b.brand) : [];
}
