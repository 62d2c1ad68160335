import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser. The flags keep it off the (closed) network.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
  outputDir: 'tests/.artifacts/playwright',
  projects: [
    // The desktop app as shipped: built main and preload under the electron stand-in.
    { name: 'app' },
    // The same main specs through a real `blindfold serve` over HTTPS on loopback, in a browser.
    { name: 'server', testMatch: ['**/coding.spec.ts', '**/leak.spec.ts', '**/reliability.spec.ts', '**/trial.spec.ts', '**/served.spec.ts'] },
  ],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    viewport: { width: 1280, height: 860 },
  },
});
