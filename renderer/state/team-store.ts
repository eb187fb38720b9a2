import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Batch } from '../../shared/sync-protocol/pull';
import type { TemplateDefinition } from '../../shared/review-template/template-definition';
import { syncTables, type ReviewRecord } from '../sync/sync-records';
import { describeVaultError } from '../vault/vault-error-words';
import type { Vault } from '../vault/vault';
import { createDecryptedStore, type DecryptedStore, type RegisterDecryptedCache } from './decrypted-store';
import { readQcSamples, type QcSamplesByBatch } from './qc-samples';

/**
 * What a lead's device holds of the team, read from the vault in one pass
 * for the lead's views (dashboard, QC, export): every batch, each case's
 * reference and review record, the templates and the QC samples. Decrypted,
 * so it empties on lock like every other such store.
 */
export interface TeamCase {
  readonly caseId: string;
  readonly batchId: string;
  /** The case's reference (sealed in the vault; shown to the lead, written into exports). */
  readonly reference: string;
  /** Null until the reviewer's first submission reaches this device. */
  readonly review: ReviewRecord | null;
}

export interface TeamData {
  readonly batches: readonly Batch[];
  readonly cases: readonly TeamCase[];
  /** Template definitions by `templateId`, then version. */
  readonly templates: Readonly<Record<string, Readonly<Record<string, TemplateDefinition>>>>;
  readonly qcSamples: QcSamplesByBatch;
  readonly loaded: boolean;
  readonly problem: string | null;
}

export interface TeamActions {
  load(): Promise<void>;
  /** After a change this session made itself: the samples only, without reading every case again. */
  setQcSamples(samples: QcSamplesByBatch): void;
}

export type TeamState = TeamData & TeamActions;
export type TeamStore = DecryptedStore<TeamState>;

const EMPTY: TeamData = { batches: [], cases: [], templates: {}, qcSamples: {}, loaded: false, problem: null };

export function createTeamStore({ vault, registerDecryptedCache }: { vault: Vault; registerDecryptedCache: RegisterDecryptedCache }): TeamStore {
  return createDecryptedStore<TeamData, TeamActions>(registerDecryptedCache, EMPTY, ({ guard, set }) => ({
    async load() {
      const setIfStillOpen = guard();
      try {
        setIfStillOpen({ ...(await readTeam(vault)), loaded: true, problem: null });
      } catch (error) {
        setIfStillOpen({ ...EMPTY, loaded: true, problem: describeVaultError(error) });
      }
    },
    setQcSamples(qcSamples) {
      set({ qcSamples });
    },
  }));
}

async function readTeam(vault: Vault): Promise<Omit<TeamData, 'loaded' | 'problem'>> {
  const tables = syncTables(vault);
  const [batchListing, reviewListing, templateListing, caseListing, qcSamples] = await Promise.all([
    tables.batches.list(),
    tables.reviews.list(),
    tables.templates.list(),
    vault.listCases(),
    readQcSamples(vault),
  ]);
  const batches = batchListing.entries.map((entry) => entry.value.batch);
  const reviews = new Map(reviewListing.entries.map((entry) => [entry.id, entry.value]));
  const references = new Map(caseListing.cases.map((stored) => [stored.caseFile.caseId, stored.caseFile.reference]));
  const cases = batches.flatMap((batch) =>
    batch.caseIds.map((caseId): TeamCase => ({ caseId, batchId: batch.batchId, reference: references.get(caseId) ?? caseId, review: reviews.get(caseId) ?? null })),
  );
  const templates = Object.fromEntries(templateListing.entries.map((entry) => [entry.value.templateId, entry.value.versions]));
  return { batches, cases, templates, qcSamples };
}

/** Where a case stands for the lead; a decision of this device still on its way counts as made. */
export type LeadCaseStatus = 'not-started' | 'submitted' | 'returned' | 'approved';

export function leadCaseStatus(teamCase: TeamCase): LeadCaseStatus {
  const record = teamCase.review;
  if (!record?.server) return 'not-started';
  const pending = record.qcPending;
  if (pending && !pending.rejection && !record.qcConflict) return pending.decision === 'approve' ? 'approved' : 'returned';
  return record.server.status;
}

export const TeamStoreContext = createContext<TeamStore | null>(null);

/** The lead views read the team through this, provided by the lead workspace. */
export function useTeam<Selected>(selector: (state: TeamState) => Selected): Selected {
  const store = useContext(TeamStoreContext);
  if (!store) throw new Error('useTeam needs a TeamStoreContext provider');
  return useStore(store, selector);
}

export function useTeamStore(): TeamStore {
  const store = useContext(TeamStoreContext);
  if (!store) throw new Error('useTeamStore needs a TeamStoreContext provider');
  return store;
}
