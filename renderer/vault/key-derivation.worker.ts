import { deriveKeyEncryptionKeyBytes, type KdfParameters } from './key-derivation';

/**
 * Runs Argon2id off the UI thread so the lock screen stays responsive while
 * 64 MiB of memory is being filled. One request, one answer; the KEK bytes
 * are transferred (not copied) back and the worker is then terminated.
 */
interface DeriveRequest {
  readonly passphrase: string;
  readonly parameters: KdfParameters;
}

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<DeriveRequest>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
};

scope.onmessage = (event) => {
  deriveKeyEncryptionKeyBytes(event.data.passphrase, event.data.parameters).then(
    (kek) => scope.postMessage({ ok: true, kek }, [kek.buffer]),
    () => scope.postMessage({ ok: false }),
  );
};
