import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './e2e',
  // Finds a Chromium, or fetches one and says how, before any spec needs it.
  globalSetup: './harness/ensure-chromium.ts',
  outputDir: '../test-results/e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  // One retry on CI only; Playwright still reports a test that needed it as flaky.
  retries: process.env.CI ? 1 : 0,
  timeout: 90_000,
  reporter: [['list']],
});
