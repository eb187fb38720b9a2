import { useEffect, useState } from 'react';
import type { DiskEncryptionStatus } from '../../../shared/ipc/contract';
import { mainBridge } from '../../platform/main-bridge';

/**
 * Says whether the OS reports this computer's disk as encrypted. Deleted
 * records linger in IndexedDB's files until they are compacted, so
 * full-disk encryption is what protects an erased batch on a disk image.
 */
export function DiskEncryptionNotice() {
  const [status, setStatus] = useState<DiskEncryptionStatus | null>(null);
  useEffect(() => {
    let current = true;
    void mainBridge()
      .app.diskEncryption()
      .then((result) => {
        if (current && result.ok) setStatus(result.value);
      });
    return () => {
      current = false;
    };
  }, []);
  if (!status) return null;
  if (status.state === 'encrypted') {
    return (
      <p className="disk-encryption" data-testid="disk-encryption" data-state={status.state}>
        Disk encryption: on ({status.detail})
      </p>
    );
  }
  return (
    <p role="note" className="warning" data-testid="disk-encryption" data-state={status.state}>
      {status.state === 'not-encrypted'
        ? 'This computer’s disk is not encrypted. Case files are encrypted by CaseDesk, but records it erases can linger on the disk until they are overwritten: full-disk encryption (BitLocker, FileVault or LUKS) is required for this work.'
        : 'CaseDesk cannot tell whether this computer’s disk is encrypted. Full-disk encryption (BitLocker, FileVault or LUKS) is required for this work: check with your IT team.'}{' '}
      <span className="field-help">{status.detail}</span>
    </p>
  );
}
