import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MainServices } from './main-services';
import { createMainHandlers } from '../ipc/main-handlers';
import { DEMO_DEVICE_NAME, readDemoEnrolment } from './demo-enrolment';

const CODE = '0123456789ABCDEF';

describe('readDemoEnrolment', () => {
  it('accepts a plain-HTTP loopback endpoint and a well-formed code', () => {
    for (const [endpoint, origin] of [
      ['http://127.0.0.1:41917', 'http://127.0.0.1:41917'],
      ['http://127.0.0.1:41917/', 'http://127.0.0.1:41917'],
      ['http://localhost:8080', 'http://localhost:8080'],
      ['http://[::1]:8080', 'http://[::1]:8080'],
    ] as const) {
      expect(readDemoEnrolment({ CASEDESK_DEMO_ENDPOINT: endpoint, CASEDESK_DEMO_CODE: CODE })).toEqual({
        endpointUrl: origin,
        code: CODE,
        deviceName: DEMO_DEVICE_NAME,
      });
    }
  });

  it('answers null for anything but a bare loopback http origin', () => {
    for (const endpoint of [
      'https://127.0.0.1:8443',
      'http://10.0.0.5:8080',
      'http://casedesk.example',
      'http://127.0.0.1.evil.example',
      'http://localhost.evil.example',
      'http://user:pw@127.0.0.1:8080',
      'http://127.0.0.1:8080/api',
      'http://127.0.0.1:8080/?x=1',
      'file:///etc/passwd',
      'not a url',
      '',
    ]) {
      expect(readDemoEnrolment({ CASEDESK_DEMO_ENDPOINT: endpoint, CASEDESK_DEMO_CODE: CODE }), endpoint).toBeNull();
    }
  });

  it('answers null for a missing or malformed code', () => {
    const endpoint = 'http://127.0.0.1:41917';
    expect(readDemoEnrolment({ CASEDESK_DEMO_ENDPOINT: endpoint })).toBeNull();
    for (const code of ['0123456789abcdef', '0123456789ABCDE', '0123456789ABCDEFG', '0123456789ABCDEU', ' 0123456789ABCDEF']) {
      expect(readDemoEnrolment({ CASEDESK_DEMO_ENDPOINT: endpoint, CASEDESK_DEMO_CODE: code }), code).toBeNull();
    }
    expect(readDemoEnrolment({})).toBeNull();
  });
});

describe('app.demoEnrolment handler', () => {
  const services = (demoEnrolment: MainServices['demoEnrolment']) =>
    ({
      demoEnrolment,
      appInfo: () => {
        throw new Error('unused');
      },
      mainConfigDir: mkdtempSync(path.join(tmpdir(), 'casedesk-main-')),
      log: () => undefined,
    }) as unknown as MainServices;

  it('answers what main received at launch, or null', async () => {
    const prefill = readDemoEnrolment({ CASEDESK_DEMO_ENDPOINT: 'http://127.0.0.1:41917', CASEDESK_DEMO_CODE: CODE });
    expect(await createMainHandlers(services(prefill)).app.demoEnrolment(undefined)).toEqual({
      endpointUrl: 'http://127.0.0.1:41917',
      code: CODE,
      deviceName: DEMO_DEVICE_NAME,
    });
    expect(await createMainHandlers(services(null)).app.demoEnrolment(undefined)).toBeNull();
  });
});
