import { MAX_AUDIT_EVENTS_PER_BATCH } from '../../shared/sync-protocol/audit';
import type { Vault } from '../vault/vault';
import { answerBody, type NetworkPort } from './network-port';
import { readSyncState, SYNC_STATE_IDS, sealSyncState, type AuditUploadState, type SyncTables } from './sync-records';

/**
 * Uploads the vault's audit chain after the last position the endpoint
 * accepted, in batches. The endpoint verifies the chain and anchors its tail;
 * a batch that does not continue it (a deleted or altered local event) is
 * refused whole with `409 audit_chain_broken`, which the engine reports.
 */
export async function uploadAuditChain(
  vault: Vault,
  tables: SyncTables,
  network: NetworkPort,
  token: string,
  onAnswer?: (answer: { tokenRotationDue?: true }) => void,
): Promise<number> {
  const state = (await readSyncState<AuditUploadState>(tables, SYNC_STATE_IDS.auditUpload)) ?? { uploadedThroughSeq: 0 };
  const events = await vault.readAuditLogAfter(state.uploadedThroughSeq);
  let uploaded = 0;
  for (let start = 0; start < events.length; start += MAX_AUDIT_EVENTS_PER_BATCH) {
    const chunk = events.slice(start, start + MAX_AUDIT_EVENTS_PER_BATCH);
    await answerBody(network.uploadAudit({ token, request: { events: chunk.map(({ seq: _seq, ...event }) => event) } }), onAnswer);
    const through: AuditUploadState = { uploadedThroughSeq: chunk[chunk.length - 1]!.seq };
    await vault.commit([await sealSyncState(tables, SYNC_STATE_IDS.auditUpload, through)]);
    uploaded += chunk.length;
  }
  return uploaded;
}
