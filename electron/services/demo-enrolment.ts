import type { DemoEnrolment } from '../../shared/ipc/contract';
import { enrolmentCodeSchema } from '../../shared/sync-protocol/enrol';

/**
 * `npm start` runs a local demo endpoint and passes its URL and a one-time
 * reviewer code to the app in these variables, so the enrolment screen can be
 * prefilled. Only a plain-HTTP loopback origin qualifies: a value pointing
 * anywhere else is ignored, never offered to the reviewer.
 */
export const DEMO_ENDPOINT_VARIABLE = 'CASEDESK_DEMO_ENDPOINT';
export const DEMO_CODE_VARIABLE = 'CASEDESK_DEMO_CODE';

export const DEMO_DEVICE_NAME = 'CaseDesk demo device';

const LOOPBACK_HOST = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|localhost)$/;

/** `http://<loopback>[:port]` with nothing else (no credentials, path, query, fragment): its origin; otherwise null. */
function loopbackHttpOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const bare = !url.username && !url.password && url.pathname === '/' && !url.search && !url.hash;
  return url.protocol === 'http:' && LOOPBACK_HOST.test(url.hostname) && bare ? url.origin : null;
}

export function readDemoEnrolment(env: Readonly<Record<string, string | undefined>>): DemoEnrolment | null {
  const endpoint = env[DEMO_ENDPOINT_VARIABLE];
  const code = env[DEMO_CODE_VARIABLE];
  if (!endpoint || !code) return null;
  const endpointUrl = loopbackHttpOrigin(endpoint.trim());
  if (!endpointUrl || !enrolmentCodeSchema.safeParse(code).success) return null;
  return { endpointUrl, code, deviceName: DEMO_DEVICE_NAME };
}
