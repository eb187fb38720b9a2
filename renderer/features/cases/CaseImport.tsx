import { useRef, useState, type ChangeEvent } from 'react';
import { useCases } from './case-store';

/** "Import case batch file": a JSON array of case files, sealed into the vault as one batch. */
export function CaseImport() {
  const importBatchFile = useCases((state) => state.importBatchFile);
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);

  const chosen = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setBusy(true);
    try {
      await importBatchFile(file);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <label className="case-import">
      {busy ? 'Importing…' : 'Import case batch file'}
      <input ref={input} type="file" accept="application/json,.json" onChange={chosen} disabled={busy} data-testid="case-import-input" />
    </label>
  );
}
