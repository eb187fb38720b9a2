import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * Runs the project's real ESLint config on small sources placed (virtually)
 * in each layer, so a layering violation is proved to fail `npm test`.
 */
const eslint = new ESLint({ cwd: path.resolve(__dirname, '../..') });

async function restrictedImportErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import-direction lint', () => {
  it.each([
    ['shared/ipc/leak.ts', "import { x } from '../../renderer/app/app-store';\nexport const y = x;\n"],
    ['shared/ipc/leak.ts', "import { app } from 'electron';\nexport const y = app;\n"],
    ['shared/ipc/leak.ts', "import fs from 'node:fs';\nexport const y = fs;\n"],
    ['renderer/app/leak.ts', "import { x } from '../../electron/main';\nexport const y = x;\n"],
    ['renderer/app/leak.ts', "import { ipcRenderer } from 'electron';\nexport const y = ipcRenderer;\n"],
    ['electron/ipc/leak.ts', "import { x } from '../../renderer/app/app-store';\nexport const y = x;\n"],
    ['server/http/leak.ts', "import { x } from '../../electron/main';\nexport const y = x;\n"],
    ['server/http/leak.ts', "import { x } from '../../renderer/vault/x';\nexport const y = x;\n"],
  ])('%s: a forbidden import is an error', async (filePath, source) => {
    expect(await restrictedImportErrors(filePath, source)).not.toEqual([]);
  });

  it.each([
    ['renderer/app/ok.ts', "import { ipcContract } from '../../shared/ipc/contract';\nexport const y = ipcContract;\n"],
    ['electron/ipc/ok.ts', "import { ipcContract } from '../../shared/ipc/contract';\nexport const y = ipcContract;\n"],
    ['server/http/ok.ts', "import { ipcContract } from '../../shared/ipc/contract';\nexport const y = ipcContract;\n"],
    ['shared/ipc/ok.ts', "import { z } from 'zod';\nexport const y = z;\n"],
  ])('%s: an allowed import passes', async (filePath, source) => {
    expect(await restrictedImportErrors(filePath, source)).toEqual([]);
  });

  it.each([
    ['renderer/features/cases/leak.ts', "import { ReviewPanel } from '../review/ReviewPanel';\nexport const y = ReviewPanel;\n"],
    ['renderer/features/review/leak.tsx', "import { x } from '../../features/cases/case-store';\nexport const y = x;\n"],
    ['renderer/features/sync-status/leak.ts', "import { Workspace } from '../../app/Workspace';\nexport const y = Workspace;\n"],
    ['renderer/ui/leak.ts', "import { x } from '../features/cases/case-store';\nexport const y = x;\n"],
  ])('%s: a feature importing another feature (or the app) is an error', async (filePath, source) => {
    expect(await restrictedImportErrors(filePath, source)).toEqual([expect.stringMatching(/feature|renderer\/ui/)]);
  });

  it.each([
    ['renderer/features/cases/ok.ts', "import { x } from './case-store';\nexport const y = x;\n"],
    ['renderer/features/cases/ok.ts', "import { x } from '../../ui/visible-text';\nexport const y = x;\n"],
    ['renderer/features/review/ok.ts', "import { x } from '../../sync/sync-records';\nexport const y = x;\n"],
    ['renderer/app/ok.ts', "import { x } from '../features/cases/case-store';\nexport const y = x;\n"],
  ])('%s: own files, shared UI and lower layers are allowed', async (filePath, source) => {
    expect(await restrictedImportErrors(filePath, source)).toEqual([]);
  });

  it('bans dangerouslySetInnerHTML and eval everywhere', async () => {
    const [result] = await eslint.lintText(
      "export const A = () => <div dangerouslySetInnerHTML={{ __html: '' }} />;\nexport const b = eval('1');\n",
      { filePath: 'renderer/app/bad.tsx' },
    );
    const rules = (result?.messages ?? []).map((message) => message.ruleId);
    expect(rules).toEqual(expect.arrayContaining(['no-restricted-syntax', 'no-eval']));
  });
});
