import { test } from '@playwright/test';
import type { BrowserHost } from '../../harness/browser-host';
import type { SyncEndpoint } from './sync-endpoint';

/** What a spec's test opened: the browser host and the endpoint, each closed after the test. */
export interface OpenedForTest {
  host?: BrowserHost;
  endpoint?: SyncEndpoint;
}

/**
 * Registers one afterEach that closes the host, then the endpoint (the app
 * first, so no sync is left talking to a stopped server), whatever the test's
 * outcome. A spec assigns what it opens: `opened.host = await launchBrowserHost()`.
 */
export function hostAndEndpointPerTest(): OpenedForTest {
  const opened: OpenedForTest = {};
  test.afterEach(async () => {
    await opened.host?.close();
    opened.host = undefined;
    await opened.endpoint?.close();
    opened.endpoint = undefined;
  });
  return opened;
}
