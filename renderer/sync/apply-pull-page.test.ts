import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../shared/review-template/default-cse-review-template';
import { makeTestVault } from '../vault/vault-test-support';
import { applyPullPage } from './apply-pull-page';
import { syncTables } from './sync-records';

describe('applyPullPage: templates', () => {
  it('keeps every version of a template that arrives in one page, and those held before', async () => {
    const { vault } = makeTestVault();
    await vault.create('correct horse battery staple');
    const tables = syncTables(vault);
    const version = (number: number) => ({ kind: 'template' as const, templateId: 'cse-review', version: number, definition: { ...DEFAULT_CSE_REVIEW_TEMPLATE, title: `Review v${number}` } });

    await applyPullPage(vault, tables, { changes: [version(1), version(2)], cursor: 'c2', hasMore: false });
    expect(Object.keys((await tables.templates.get('cse-review'))!.value.versions)).toEqual(['1', '2']);

    await applyPullPage(vault, tables, { changes: [version(3)], cursor: 'c3', hasMore: false });
    const held = (await tables.templates.get('cse-review'))!.value.versions;
    expect(Object.entries(held).map(([number, definition]) => [number, definition.title])).toEqual([
      ['1', 'Review v1'],
      ['2', 'Review v2'],
      ['3', 'Review v3'],
    ]);
  });
});
