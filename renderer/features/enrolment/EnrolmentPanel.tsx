import { useEffect, useState, type FormEvent } from 'react';
import { enrolDevice, describeEnrolmentProblem } from '../../sync/enrol-device';
import { currentSyncEngine, useSyncSession } from '../../sync/sync-session';
import { mainBridge } from '../../platform/main-bridge';
import { currentVault } from '../../vault/vault-session';

/**
 * Connects this device to a central endpoint with a one-time code from an
 * administrator. Shown until the device is enrolled; the demo start fills in
 * its local endpoint and a reviewer code.
 */
export function EnrolmentPanel() {
  const status = useSyncSession((state) => state.status);
  const [endpointUrl, setEndpointUrl] = useState('');
  const [code, setCode] = useState('');
  const [deviceName, setDeviceName] = useState('Reviewer laptop');
  const [spkiPin, setSpkiPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    void mainBridge().app.demoEnrolment().then((result) => {
      const demo = result.ok ? result.value : null;
      if (!demo) return;
      setEndpointUrl((current) => current || demo.endpointUrl);
      setCode((current) => current || demo.code);
      setDeviceName(demo.deviceName);
    });
  }, []);

  if (!status || status.enrolled) return null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const disk = await mainBridge().app.diskEncryption();
      await enrolDevice(currentVault(), mainBridge().network, {
        diskEncryption: disk.ok ? disk.value.state : 'unknown',
        endpointUrl: endpointUrl.trim(),
        code: code.trim().toUpperCase(),
        deviceName: deviceName.trim(),
        ...(spkiPin.trim() ? { spkiPin: spkiPin.trim() } : {}),
      });
      const engine = currentSyncEngine();
      await engine?.reloadCredentials();
      void engine?.requestSync();
    } catch (error) {
      setProblem(describeEnrolmentProblem(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="enrolment" aria-labelledby="enrolment-title">
      <h2 id="enrolment-title">Connect to the central endpoint</h2>
      <p>Enter the endpoint address and the one-time code your administrator gave you. Your batches arrive once connected.</p>
      <form className="enrolment-form" onSubmit={(event) => void submit(event)}>
        <label>
          Endpoint address
          <input value={endpointUrl} onChange={(event) => setEndpointUrl(event.target.value)} placeholder="https://casedesk.example.org" required />
        </label>
        <label>
          Enrolment code
          <input value={code} onChange={(event) => setCode(event.target.value)} autoComplete="off" spellCheck={false} required />
        </label>
        <label>
          Name of this device
          <input value={deviceName} onChange={(event) => setDeviceName(event.target.value)} required maxLength={100} />
        </label>
        <details className="enrolment-advanced">
          <summary>Certificate pin (optional)</summary>
          <label>
            SHA-256 of the endpoint&apos;s public key (base64), from your administrator
            <input value={spkiPin} onChange={(event) => setSpkiPin(event.target.value)} autoComplete="off" spellCheck={false} />
          </label>
        </details>
        <button type="submit" disabled={busy}>
          {busy ? 'Connecting…' : 'Connect'}
        </button>
        {problem && (
          <p role="alert" className="problem" data-testid="enrolment-problem">
            {problem}
          </p>
        )}
      </form>
    </section>
  );
}
