import { describe, expect, it } from 'vitest';
import { describeDevice, describePlatform } from './device-name.js';

const DEBIAN_CHROMIUM =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

describe('describeDevice', () => {
  it('names Chromium from its client-hint brands, since its User-Agent says Chrome', () => {
    expect(describeDevice(DEBIAN_CHROMIUM, ['Not.A/Brand', 'Chromium'], 'ab12')).toBe('Chromium on Linux · ab12');
    expect(describeDevice(DEBIAN_CHROMIUM, ['Chromium', 'Google Chrome'], 'ab12')).toBe('Chrome on Linux · ab12');
  });

  it('falls back to the User-Agent string', () => {
    const firefox = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0';
    expect(describeDevice(firefox, [], '0f0f')).toBe('Firefox on macOS · 0f0f');
    const safari =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
    expect(describeDevice(safari, [], '0000')).toBe('Safari on iOS · 0000');
  });
});

describe('describePlatform', () => {
  it('says the app runs on the web, in which browser and system', () => {
    expect(describePlatform(DEBIAN_CHROMIUM, ['Chromium'])).toBe('Web (Chromium, Linux)');
    expect(
      describePlatform('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0', []),
    ).toBe('Web (Firefox, Windows)');
    expect(describePlatform('SomeBot/1.0', [])).toBe('Web (Browser)');
  });
});
