import type { CaseFile } from '../../shared/domain/case-file';
import type { TemplateDefinition, VersionedTemplate } from '../../shared/review-template/template-definition';
import type { AuditEvent } from '../../shared/sync-protocol/audit';
import type { Batch, ReviewState } from '../../shared/sync-protocol/pull';
import type { MutationResult } from '../../shared/sync-protocol/push';
import type { TeamAuditDevice } from '../../shared/sync-protocol/team-audit';
import * as audit from './audit';
import * as batches from './batches';
import { accessOf, readBatchedCases } from './case-access';
import * as cases from './cases';
import * as devices from './devices';
import type { FieldCipher } from './field-cipher';
import { migrate } from './migrate';
import { sealStoredBatch } from './seal-stored-values';
import * as people from './people';
import { pullChanges } from './pull';
import { applyMutations } from './review-mutations';
import * as reviews from './reviews';
import type { SqlDriver } from './sql-driver';
import { runInTransaction, type StorageTransaction } from './storage-transaction';
import type {
  AuditAppendResult,
  AuditHead,
  CaseAccess,
  Device,
  ImportResult,
  MutationRequest,
  NewBatch,
  NewDevice,
  PullPage,
  Role,
  Storage,
  StoredReviewVersion,
  Team,
  TeamAuditPage,
  User,
} from './storage';
import * as teamAudit from './team-audit';
import * as templates from './templates';

/**
 * The storage of the endpoint over one SqlDriver (SQLite or PostgreSQL): a
 * thin facade over the domain modules, each a set of free functions over a
 * StorageTransaction (writes) or a SqlExecutor (reads).
 */
export class SqlStorage implements Storage {
  private readonly templateVersions = new templates.TemplateVersions();

  constructor(
    private readonly driver: SqlDriver,
    private readonly cipher: FieldCipher,
  ) {}

  get dialect(): 'sqlite' | 'postgres' {
    return this.driver.dialect;
  }

  private write<T>(work: (tx: StorageTransaction) => Promise<T>): Promise<T> {
    return runInTransaction(this.driver, work);
  }

  migrate(now: string): Promise<void> {
    return migrate(this.driver, now);
  }

  async sealStoredValues(batchSize: number, onBatch?: (sealedSoFar: number) => void): Promise<number> {
    let total = 0;
    for (;;) {
      const sealed = await this.write((tx) => sealStoredBatch(tx, this.cipher, batchSize));
      if (sealed === 0) {
        // SQLite keeps freed pages (with what was sealed over) until a VACUUM rewrites the file.
        if (total > 0 && this.driver.dialect === 'sqlite') await this.driver.run('VACUUM', []);
        return total;
      }
      total += sealed;
      onBatch?.(total);
    }
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  addTeam(team: { teamId: string; name: string; leadId: string }, now: string): Promise<void> {
    return this.write((tx) => people.addTeam(tx, team, now));
  }

  listTeams(): Promise<Team[]> {
    return people.listTeams(this.driver);
  }

  addUser(user: { userId: string; displayName: string; role: Role; teamId?: string | null }, now: string): Promise<void> {
    return this.write((tx) => people.addUser(tx, user, now));
  }

  getUser(userId: string): Promise<User | null> {
    return people.readUser(this.driver, userId);
  }

  listUsers(): Promise<User[]> {
    return people.listUsers(this.driver);
  }

  deactivateUser(userId: string, now: string): Promise<boolean> {
    return this.write((tx) => people.deactivateUser(tx, userId, now));
  }

  setTemplate(definition: TemplateDefinition, now: string): Promise<{ version: number; created: boolean }> {
    return this.write((tx) => templates.setTemplate(tx, definition, now));
  }

  getTemplate(templateId: string, version?: number): Promise<VersionedTemplate | null> {
    return this.templateVersions.readOne(this.driver, templateId, version);
  }

  listTemplates(): Promise<VersionedTemplate[]> {
    return templates.listTemplates(this.driver);
  }

  importCases(files: readonly CaseFile[], now: string): Promise<ImportResult> {
    return this.write((tx) => cases.importCases(tx, this.cipher, files, now));
  }

  async getCase(caseId: string): Promise<CaseFile | null> {
    return (await cases.readCases(this.driver, this.cipher, [caseId])).get(caseId) ?? null;
  }

  findUnbatchedCases(filter: { borough?: string; limit: number }): Promise<string[]> {
    return cases.findUnbatchedCases(this.driver, filter);
  }

  createBatch(batch: NewBatch, now: string): Promise<Batch> {
    return this.write((tx) => batches.createBatch(tx, this.templateVersions, batch, now));
  }

  listBatches(): Promise<Batch[]> {
    return batches.listBatches(this.driver);
  }

  reassignBatch(batchId: string, assigneeId: string, now: string): Promise<void> {
    return this.write((tx) => batches.reassignBatch(tx, batchId, assigneeId, now));
  }

  createEnrolmentCode(code: { codeHash: string; userId: string; expiresAt: string }, now: string): Promise<void> {
    return devices.createEnrolmentCode(this.driver, code, now);
  }

  revokeEnrolmentCodes(which: { codeHash: string } | { userId: string }, now: string): Promise<number> {
    return devices.revokeEnrolmentCodes(this.driver, which, now);
  }

  redeemEnrolmentCode(codeHash: string, device: NewDevice, now: string): Promise<User | null> {
    return this.write((tx) => devices.redeemEnrolmentCode(tx, codeHash, device, now));
  }

  getDevice(deviceId: string): Promise<Device | null> {
    return devices.readDevice(this.driver, deviceId);
  }

  touchDevice(deviceId: string, now: string): Promise<void> {
    return devices.touchDevice(this.driver, deviceId, now);
  }

  startTokenRotation(deviceId: string, nextTokenHash: string, now: string): Promise<void> {
    return devices.startTokenRotation(this.driver, deviceId, nextTokenHash, now);
  }

  completeTokenRotation(deviceId: string, nextTokenHash: string): Promise<void> {
    return devices.completeTokenRotation(this.driver, deviceId, nextTokenHash);
  }

  listDevices(): Promise<Device[]> {
    return devices.listDevices(this.driver);
  }

  revokeDevice(deviceId: string, now: string): Promise<boolean> {
    return devices.revokeDevice(this.driver, deviceId, now);
  }

  getDevicePublicKey(deviceId: string): Promise<string | null> {
    return devices.readDevicePublicKey(this.driver, deviceId);
  }

  async caseAccess(userId: string, caseId: string): Promise<CaseAccess | null> {
    return accessOf((await readBatchedCases(this.driver, [caseId])).get(caseId), userId);
  }

  async applyMutation(request: MutationRequest): Promise<MutationResult> {
    return (await this.applyMutations([request]))[0]!;
  }

  /** One transaction, one commit (one fsync) per push: what bounds throughput. */
  applyMutations(requests: readonly MutationRequest[]): Promise<MutationResult[]> {
    return this.write((tx) => applyMutations(tx, this.cipher, this.templateVersions, requests));
  }

  async getReview(caseId: string): Promise<ReviewState | null> {
    return (await reviews.readReviewStates(this.driver, this.cipher, [caseId])).get(caseId) ?? null;
  }

  listReviewVersions(caseId: string): Promise<StoredReviewVersion[]> {
    return reviews.listReviewVersions(this.driver, caseId);
  }

  pullChanges(userId: string, afterSequence: number, limit: number): Promise<PullPage> {
    return pullChanges(this.driver, this.cipher, this.templateVersions, userId, afterSequence, limit);
  }

  appendAuditEvents(deviceId: string, events: readonly AuditEvent[], now: string): Promise<AuditAppendResult> {
    return this.write((tx) => audit.appendAuditEvents(tx, this.cipher, deviceId, events, now));
  }

  auditHead(deviceId: string): Promise<AuditHead | null> {
    return audit.readAuditHead(this.driver, deviceId);
  }

  recordAuditRefusal(deviceId: string, position: number, now: string): Promise<void> {
    return teamAudit.recordAuditRefusal(this.driver, deviceId, position, now);
  }

  teamAuditChains(leadId: string): Promise<TeamAuditDevice[]> {
    return teamAudit.listTeamAuditChains(this.driver, leadId);
  }

  teamAuditEvents(leadId: string, deviceId: string, after: number, limit: number): Promise<TeamAuditPage | null> {
    return teamAudit.readTeamAuditEvents(this.driver, this.cipher, leadId, deviceId, after, limit);
  }
}
