import type { KdfParameters, KeyDeriver } from './key-derivation';

/** The app's KeyDeriver: a fresh module worker per derivation, terminated after. */
export const deriveInWorker: KeyDeriver = (passphrase: string, parameters: KdfParameters) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./key-derivation.worker.ts', import.meta.url), { type: 'module' });
    const finish = () => worker.terminate();
    worker.onmessage = (event: MessageEvent<{ ok: boolean; kek?: Uint8Array<ArrayBuffer> }>) => {
      finish();
      if (event.data.ok && event.data.kek) resolve(event.data.kek);
      else reject(new Error('Key derivation failed'));
    };
    worker.onerror = () => {
      finish();
      reject(new Error('The key derivation worker failed to start'));
    };
    worker.postMessage({ passphrase, parameters });
  });
