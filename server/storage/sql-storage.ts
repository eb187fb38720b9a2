import type { CaseFile } from '../../shared/domain/case-file';
import type { TemplateDefinition, VersionedTemplate } from '../../shared/review-template/template-definition';
import type { OutcomeAnswers } from '../../shared/review-template/validate-outcome';
import { GENESIS_HASH, type AuditEvent } from '../../shared/sync-protocol/audit';
import { canonicalJson, type JsonValue } from '../../shared/sync-protocol/canonical-json';
import type { Batch, Change, ReviewState } from '../../shared/sync-protocol/pull';
import type { MutationOutcome, MutationResult, ReviewVersion } from '../../shared/sync-protocol/push';
import { ALL_MIGRATIONS } from './migrations/all-migrations';
import type { SqlDriver, SqlExecutor, SqlRow, SqlValue, TransactionExecutor } from './sql-driver';
import {
  AuditChainError,
  StorageError,
  type AuditAppendResult,
  type CaseAccess,
  type Device,
  type ImportResult,
  type MutationRequest,
  type NewBatch,
  type NewDevice,
  type PullPage,
  type Role,
  type Storage,
  type StoredReviewVersion,
  type Team,
  type User,
} from './storage';

type FeedKind = 'template' | 'batch' | 'case' | 'review' | 'removal';

const FEED_ROWS_PER_INSERT = 200;

interface BatchRow extends SqlRow {
  batch_id: string;
  name: string;
  assignee_id: string;
  lead_id: string;
  template_id: string;
  template_version: number;
  due_date: string | null;
}

interface ReviewRow extends SqlRow {
  case_id: string;
  current_version: number;
  last_version_no: number;
  status: ReviewState['status'];
  qc_decision: 'approve' | 'return' | null;
  qc_comment: string | null;
  qc_lead_id: string | null;
  qc_review_version: number | null;
  qc_decided_at: string | null;
}

interface VersionRow extends SqlRow {
  version_no: number;
  template_id: string;
  template_version: number;
  answers: string;
  reviewer_id: string;
  created_at: string;
}

const BATCH_AUDIENCE_SQL = `
  SELECT b.assignee_id AS user_id FROM batches b WHERE b.batch_id = ?
  UNION SELECT b.lead_id FROM batches b WHERE b.batch_id = ?
  UNION SELECT t.lead_id FROM batches b JOIN users u ON u.user_id = b.assignee_id JOIN teams t ON t.team_id = u.team_id WHERE b.batch_id = ?`;

const CASE_ACCESS_SQL = `
  SELECT b.batch_id, b.assignee_id, b.lead_id, t.lead_id AS team_lead_id, b.template_id, b.template_version
  FROM batch_cases bc
  JOIN batches b ON b.batch_id = bc.batch_id
  LEFT JOIN users u ON u.user_id = b.assignee_id
  LEFT JOIN teams t ON t.team_id = u.team_id
  WHERE bc.case_id = ?`;

interface CaseAccessRow extends SqlRow {
  batch_id: string;
  assignee_id: string;
  lead_id: string;
  team_lead_id: string | null;
  template_id: string;
  template_version: number;
}

function accessOf(row: CaseAccessRow | undefined, userId: string): CaseAccess | null {
  if (!row) return null;
  if (row.assignee_id === userId) return 'assignee';
  if (row.lead_id === userId || row.team_lead_id === userId) return 'lead';
  return null;
}

function toBatch(row: BatchRow, caseIds: string[]): Batch {
  return {
    batchId: row.batch_id,
    name: row.name,
    assigneeId: row.assignee_id,
    leadId: row.lead_id,
    templateId: row.template_id,
    templateVersion: Number(row.template_version),
    dueDate: row.due_date,
    caseIds,
  };
}

function toUser(row: SqlRow): User {
  return {
    userId: String(row.user_id),
    displayName: String(row.display_name),
    role: row.role as Role,
    teamId: (row.team_id as string | null) ?? null,
  };
}

function toDevice(row: SqlRow): Device {
  return {
    deviceId: String(row.device_id),
    userId: String(row.user_id),
    role: row.role as Role,
    name: String(row.name),
    tokenHash: String(row.token_hash),
    enrolledAt: String(row.enrolled_at),
    lastSeenAt: String(row.last_seen_at),
    revokedAt: (row.revoked_at as string | null) ?? null,
  };
}

function toReviewVersion(row: VersionRow): ReviewVersion {
  return {
    version: Number(row.version_no),
    templateId: row.template_id,
    templateVersion: Number(row.template_version),
    answers: JSON.parse(row.answers) as OutcomeAnswers,
    reviewerId: row.reviewer_id,
    submittedAt: row.created_at,
  };
}

/** The storage logic, written once over a SqlDriver (SQLite or PostgreSQL). */
export class SqlStorage implements Storage {
  constructor(private readonly driver: SqlDriver) {}

  get dialect(): 'sqlite' | 'postgres' {
    return this.driver.dialect;
  }

  async migrate(): Promise<void> {
    await this.driver.migrate(async (dialect, runScript, tx) => {
      await runScript('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      const done = new Set((await tx.all('SELECT id FROM schema_migrations')).map((row) => Number(row.id)));
      for (const migration of ALL_MIGRATIONS) {
        if (done.has(migration.id)) continue;
        await runScript(migration[dialect]);
        const applied = `INSERT INTO schema_migrations (id, name, applied_at) VALUES (${migration.id}, '${migration.name}', '${new Date().toISOString()}')`;
        await runScript(applied);
      }
    });
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  // ── people ────────────────────────────────────────────────────────────

  async addTeam(team: { teamId: string; name: string; leadId: string }): Promise<void> {
    await this.write(async (tx) => {
      const lead = (await tx.all('SELECT role FROM users WHERE user_id = ?', [team.leadId]))[0];
      if (!lead) throw new StorageError('invalid_reference', `no user ${team.leadId}`);
      if (lead.role !== 'lead') throw new StorageError('invalid_reference', `user ${team.leadId} is not a lead`);
      const inserted = await tx.run(
        'INSERT INTO teams (team_id, name, lead_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (team_id) DO NOTHING',
        [team.teamId, team.name, team.leadId, new Date().toISOString()],
      );
      if (inserted.changes === 0) throw new StorageError('already_exists', `team ${team.teamId} exists`);
      await tx.run('UPDATE users SET team_id = ? WHERE user_id = ?', [team.teamId, team.leadId]);
    });
  }

  async listTeams(): Promise<Team[]> {
    const teams = await this.driver.all('SELECT team_id, name, lead_id FROM teams ORDER BY team_id');
    const members = await this.driver.all('SELECT user_id, team_id FROM users WHERE team_id IS NOT NULL ORDER BY user_id');
    return teams.map((row) => ({
      teamId: String(row.team_id),
      name: String(row.name),
      leadId: String(row.lead_id),
      memberIds: members.filter((member) => member.team_id === row.team_id).map((member) => String(member.user_id)),
    }));
  }

  async addUser(user: { userId: string; displayName: string; role: Role; teamId?: string | null }): Promise<void> {
    await this.write(async (tx) => {
      if (user.teamId && (await tx.all('SELECT 1 FROM teams WHERE team_id = ?', [user.teamId])).length === 0) {
        throw new StorageError('invalid_reference', `no team ${user.teamId}`);
      }
      const inserted = await tx.run(
        'INSERT INTO users (user_id, display_name, role, team_id, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO NOTHING',
        [user.userId, user.displayName, user.role, user.teamId ?? null, new Date().toISOString()],
      );
      if (inserted.changes === 0) throw new StorageError('already_exists', `user ${user.userId} exists`);
    });
  }

  async getUser(userId: string): Promise<User | null> {
    const row = (await this.driver.all('SELECT * FROM users WHERE user_id = ?', [userId]))[0];
    return row ? toUser(row) : null;
  }

  async listUsers(): Promise<User[]> {
    return (await this.driver.all('SELECT * FROM users ORDER BY user_id')).map(toUser);
  }

  // ── templates ─────────────────────────────────────────────────────────

  async setTemplate(definition: TemplateDefinition, now: string): Promise<{ version: number; created: boolean }> {
    return this.write(async (tx) => {
      const latest = (
        await tx.all('SELECT version, definition FROM templates WHERE template_id = ? ORDER BY version DESC LIMIT 1', [definition.templateId])
      )[0];
      const encoded = canonicalJson(definition as unknown as JsonValue);
      if (latest && latest.definition === encoded) return { version: Number(latest.version), created: false };
      const version = latest ? Number(latest.version) + 1 : 1;
      await tx.run('INSERT INTO templates (template_id, version, definition, created_at) VALUES (?, ?, ?, ?)', [
        definition.templateId,
        version,
        encoded,
        now,
      ]);
      const users = await tx.all('SELECT user_id FROM users ORDER BY user_id');
      await this.appendFeed(tx, users.map((row) => String(row.user_id)), 'template', `${definition.templateId}@${version}`, null, now);
      return { version, created: true };
    });
  }

  async getTemplate(templateId: string, version?: number): Promise<VersionedTemplate | null> {
    return this.readTemplate(this.driver, templateId, version);
  }

  /** Template versions never change once saved, so a version read once is kept. */
  private readonly templateVersions = new Map<string, VersionedTemplate>();

  private async readTemplate(db: SqlExecutor, templateId: string, version?: number): Promise<VersionedTemplate | null> {
    const cached = version === undefined ? undefined : this.templateVersions.get(`${templateId}@${version}`);
    if (cached) return cached;
    const rows =
      version === undefined
        ? await db.all('SELECT * FROM templates WHERE template_id = ? ORDER BY version DESC LIMIT 1', [templateId])
        : await db.all('SELECT * FROM templates WHERE template_id = ? AND version = ?', [templateId, version]);
    const row = rows[0];
    if (!row) return null;
    const template = { templateId: String(row.template_id), version: Number(row.version), definition: JSON.parse(String(row.definition)) as TemplateDefinition };
    this.templateVersions.set(`${template.templateId}@${template.version}`, template);
    return template;
  }

  async listTemplates(): Promise<VersionedTemplate[]> {
    const rows = await this.driver.all('SELECT * FROM templates ORDER BY template_id, version');
    return rows.map((row) => ({
      templateId: String(row.template_id),
      version: Number(row.version),
      definition: JSON.parse(String(row.definition)) as TemplateDefinition,
    }));
  }

  // ── cases ─────────────────────────────────────────────────────────────

  async importCases(cases: readonly CaseFile[], now: string): Promise<ImportResult> {
    return this.write(async (tx) => {
      let inserted = 0;
      let updated = 0;
      const announced = new Set<string>();
      // Cases whose set of linked references this import changes: their
      // readers must receive them again, or a link found later stays unseen.
      const relinked = new Set<string>();
      for (const file of cases) {
        const existed = (await tx.all('SELECT 1 FROM cases WHERE case_id = ?', [file.caseId])).length > 0;
        const linkedBefore = await this.linkedCaseIds(tx, file.caseId);
        await tx.run(
          `INSERT INTO cases (case_id, reference, borough, content, imported_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (case_id) DO UPDATE SET reference = excluded.reference, borough = excluded.borough,
             content = excluded.content, imported_at = excluded.imported_at`,
          [file.caseId, file.reference, file.borough, JSON.stringify(file), now],
        );
        await tx.run('DELETE FROM person_links WHERE case_id = ?', [file.caseId]);
        for (const personId of new Set([...file.victimIds, ...file.suspectIds])) {
          await tx.run('INSERT INTO person_links (person_id, case_id) VALUES (?, ?)', [personId, file.caseId]);
        }
        const linkedAfter = await this.linkedCaseIds(tx, file.caseId);
        for (const caseId of linkedBefore) if (!linkedAfter.has(caseId)) relinked.add(caseId);
        for (const caseId of linkedAfter) if (!linkedBefore.has(caseId)) relinked.add(caseId);
        if (existed) {
          updated += 1;
          await this.announceCase(tx, file.caseId, now);
          announced.add(file.caseId);
        } else inserted += 1;
      }
      for (const caseId of relinked) {
        if (!announced.has(caseId)) await this.announceCase(tx, caseId, now);
      }
      return { inserted, updated };
    });
  }

  /** Other cases that share a person id with this one. */
  private async linkedCaseIds(tx: TransactionExecutor, caseId: string): Promise<Set<string>> {
    const rows = await tx.all(
      `SELECT DISTINCT other.case_id FROM person_links mine
       JOIN person_links other ON other.person_id = mine.person_id AND other.case_id <> mine.case_id
       WHERE mine.case_id = ?`,
      [caseId],
    );
    return new Set(rows.map((row) => String(row.case_id)));
  }

  /** Puts a batched case back into the feed of everyone who may see it; an unbatched case has no readers. */
  private async announceCase(tx: TransactionExecutor, caseId: string, now: string): Promise<void> {
    const access = (await tx.all<CaseAccessRow>(CASE_ACCESS_SQL, [caseId]))[0];
    if (access) await this.appendFeed(tx, await this.batchAudience(tx, access.batch_id), 'case', caseId, null, now);
  }

  async getCase(caseId: string): Promise<CaseFile | null> {
    const row = (await this.driver.all('SELECT content FROM cases WHERE case_id = ?', [caseId]))[0];
    return row ? (JSON.parse(String(row.content)) as CaseFile) : null;
  }

  async findUnbatchedCases(filter: { borough?: string; limit: number }): Promise<string[]> {
    const rows = await this.driver.all(
      `SELECT c.case_id FROM cases c LEFT JOIN batch_cases bc ON bc.case_id = c.case_id
       WHERE bc.case_id IS NULL ${filter.borough === undefined ? '' : 'AND c.borough = ?'} ORDER BY c.case_id LIMIT ?`,
      filter.borough === undefined ? [filter.limit] : [filter.borough, filter.limit],
    );
    return rows.map((row) => String(row.case_id));
  }

  // ── batches ───────────────────────────────────────────────────────────

  async createBatch(batch: NewBatch, now: string): Promise<Batch> {
    return this.write(async (tx) => {
      if ((await tx.all('SELECT 1 FROM batches WHERE batch_id = ?', [batch.batchId])).length > 0) {
        throw new StorageError('already_exists', `batch ${batch.batchId} exists`);
      }
      await this.requireRole(tx, batch.assigneeId, ['reviewer', 'lead'], 'assignee');
      await this.requireRole(tx, batch.leadId, ['lead'], 'lead');
      const template = await this.readTemplate(tx, batch.templateId, batch.templateVersion);
      if (!template) throw new StorageError('invalid_reference', `no template ${batch.templateId}${batch.templateVersion ? ` version ${batch.templateVersion}` : ''}`);
      if (batch.caseIds.length === 0) throw new StorageError('invalid_reference', 'a batch needs at least one case');
      await tx.run(
        'INSERT INTO batches (batch_id, name, assignee_id, lead_id, template_id, template_version, due_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [batch.batchId, batch.name, batch.assigneeId, batch.leadId, template.templateId, template.version, batch.dueDate, now],
      );
      for (const caseId of new Set(batch.caseIds)) {
        if ((await tx.all('SELECT 1 FROM cases WHERE case_id = ?', [caseId])).length === 0) {
          throw new StorageError('invalid_reference', `no case ${caseId}`);
        }
        const added = await tx.run('INSERT INTO batch_cases (case_id, batch_id) VALUES (?, ?) ON CONFLICT (case_id) DO NOTHING', [caseId, batch.batchId]);
        if (added.changes === 0) throw new StorageError('case_already_batched', `case ${caseId} is already in a batch`);
      }
      await this.announceBatch(tx, batch.batchId, await this.batchAudience(tx, batch.batchId), now);
      return (await this.readBatch(tx, batch.batchId))!;
    });
  }

  private async requireRole(tx: SqlExecutor, userId: string, roles: Role[], what: string): Promise<void> {
    const row = (await tx.all('SELECT role FROM users WHERE user_id = ?', [userId]))[0];
    if (!row) throw new StorageError('invalid_reference', `no user ${userId}`);
    if (!roles.includes(row.role as Role)) throw new StorageError('invalid_reference', `user ${userId} cannot be the ${what}`);
  }

  private async readBatch(db: SqlExecutor, batchId: string): Promise<Batch | null> {
    const row = (await db.all<BatchRow>('SELECT * FROM batches WHERE batch_id = ?', [batchId]))[0];
    if (!row) return null;
    const cases = await db.all('SELECT case_id FROM batch_cases WHERE batch_id = ? ORDER BY case_id', [batchId]);
    return toBatch(row, cases.map((caseRow) => String(caseRow.case_id)));
  }

  async listBatches(): Promise<Batch[]> {
    const rows = await this.driver.all<BatchRow>('SELECT * FROM batches ORDER BY batch_id');
    const cases = await this.driver.all('SELECT case_id, batch_id FROM batch_cases ORDER BY case_id');
    return rows.map((row) => toBatch(row, cases.filter((caseRow) => caseRow.batch_id === row.batch_id).map((caseRow) => String(caseRow.case_id))));
  }

  async reassignBatch(batchId: string, assigneeId: string, now: string): Promise<void> {
    await this.write(async (tx) => {
      const batch = await this.readBatch(tx, batchId);
      if (!batch) throw new StorageError('not_found', `no batch ${batchId}`);
      await this.requireRole(tx, assigneeId, ['reviewer', 'lead'], 'assignee');
      const before = await this.batchAudience(tx, batchId);
      await tx.run('UPDATE batches SET assignee_id = ? WHERE batch_id = ?', [assigneeId, batchId]);
      const after = await this.batchAudience(tx, batchId);
      const removed = before.filter((userId) => !after.includes(userId));
      await this.appendFeed(tx, removed, 'removal', batchId, JSON.stringify(batch.caseIds), now);
      await this.announceBatch(tx, batchId, after, now);
    });
  }

  /** Everything a user needs to start on a batch: its template, the batch, its cases and their reviews. */
  private async announceBatch(tx: TransactionExecutor, batchId: string, audience: string[], now: string): Promise<void> {
    const batch = (await this.readBatch(tx, batchId))!;
    await this.appendFeed(tx, audience, 'template', `${batch.templateId}@${batch.templateVersion}`, null, now);
    await this.appendFeed(tx, audience, 'batch', batchId, null, now);
    for (const caseId of batch.caseIds) await this.appendFeed(tx, audience, 'case', caseId, null, now);
    const reviewed = await tx.all('SELECT r.case_id FROM reviews r JOIN batch_cases bc ON bc.case_id = r.case_id WHERE bc.batch_id = ? ORDER BY r.case_id', [batchId]);
    for (const row of reviewed) await this.appendFeed(tx, audience, 'review', String(row.case_id), null, now);
  }

  private async batchAudience(db: SqlExecutor, batchId: string): Promise<string[]> {
    const rows = await db.all(BATCH_AUDIENCE_SQL, [batchId, batchId, batchId]);
    return [...new Set(rows.map((row) => String(row.user_id)))].sort();
  }

  /** Feed rows wait here until the transaction's end, so the feed lock is held only for one insert and the commit. */
  private readonly pendingFeed = new WeakMap<TransactionExecutor, SqlValue[][]>();

  private async appendFeed(tx: TransactionExecutor, userIds: readonly string[], kind: FeedKind, entityId: string, detail: string | null, now: string): Promise<void> {
    let pending = this.pendingFeed.get(tx);
    if (!pending) this.pendingFeed.set(tx, (pending = []));
    for (const userId of userIds) pending.push([userId, kind, entityId, detail, now]);
  }

  /** Every writing transaction goes through here: the work, then its feed rows in order under the feed lock. */
  private write<T>(work: (tx: TransactionExecutor) => Promise<T>): Promise<T> {
    return this.driver.transaction(async (tx) => {
      const result = await work(tx);
      const pending = this.pendingFeed.get(tx) ?? [];
      if (pending.length > 0) {
        await tx.lockChangeFeed();
        for (let start = 0; start < pending.length; start += FEED_ROWS_PER_INSERT) {
          const rows = pending.slice(start, start + FEED_ROWS_PER_INSERT);
          await tx.run(`INSERT INTO change_feed (user_id, kind, entity_id, detail, created_at) VALUES ${rows.map(() => '(?, ?, ?, ?, ?)').join(', ')}`, rows.flat());
        }
      }
      return result;
    });
  }

  // ── devices ───────────────────────────────────────────────────────────

  async createEnrolmentCode(code: { codeHash: string; userId: string; expiresAt: string }, now: string): Promise<void> {
    if (!(await this.getUser(code.userId))) throw new StorageError('invalid_reference', `no user ${code.userId}`);
    await this.driver.run('INSERT INTO enrolment_codes (code_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [
      code.codeHash,
      code.userId,
      now,
      code.expiresAt,
    ]);
  }

  async redeemEnrolmentCode(codeHash: string, device: NewDevice, now: string): Promise<User | null> {
    return this.write(async (tx) => {
      const used = await tx.all(
        'UPDATE enrolment_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id',
        [now, codeHash, now],
      );
      const userId = used[0]?.user_id;
      if (typeof userId !== 'string') return null;
      await tx.run(
        `INSERT INTO devices (device_id, user_id, name, public_key, token_hash, enrolled_at, last_seen_at, audit_last_hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [device.deviceId, userId, device.name, device.publicKey, device.tokenHash, now, now, GENESIS_HASH],
      );
      const user = (await tx.all('SELECT * FROM users WHERE user_id = ?', [userId]))[0];
      return user ? toUser(user) : null;
    });
  }

  async getDevice(deviceId: string): Promise<Device | null> {
    const row = (await this.driver.all('SELECT d.*, u.role FROM devices d JOIN users u ON u.user_id = d.user_id WHERE d.device_id = ?', [deviceId]))[0];
    return row ? toDevice(row) : null;
  }

  async getDevicePublicKey(deviceId: string): Promise<string | null> {
    const row = (await this.driver.all('SELECT public_key FROM devices WHERE device_id = ?', [deviceId]))[0];
    return row ? String(row.public_key) : null;
  }

  async touchDevice(deviceId: string, now: string): Promise<void> {
    // At most one write a minute per device: last-seen is coarse on purpose.
    const aMinuteAgo = new Date(Date.parse(now) - 60_000).toISOString();
    await this.driver.run('UPDATE devices SET last_seen_at = ? WHERE device_id = ? AND last_seen_at < ?', [now, deviceId, aMinuteAgo]);
  }

  async listDevices(): Promise<Device[]> {
    return (await this.driver.all('SELECT d.*, u.role FROM devices d JOIN users u ON u.user_id = d.user_id ORDER BY d.enrolled_at, d.device_id')).map(toDevice);
  }

  async revokeDevice(deviceId: string, now: string): Promise<boolean> {
    const changed = await this.driver.run('UPDATE devices SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL', [now, deviceId]);
    return changed.changes > 0;
  }

  // ── reviews ───────────────────────────────────────────────────────────

  async caseAccess(userId: string, caseId: string): Promise<CaseAccess | null> {
    return accessOf((await this.driver.all<CaseAccessRow>(CASE_ACCESS_SQL, [caseId]))[0], userId);
  }

  async applyMutation(request: MutationRequest): Promise<MutationResult> {
    return (await this.applyMutations([request]))[0]!;
  }

  /**
   * One transaction for the whole list: one commit (one fsync) per push
   * instead of one per mutation, which is what bounds throughput. Each
   * mutation is still decided on its own, in order, seeing the ones before it.
   */
  applyMutations(requests: readonly MutationRequest[]): Promise<MutationResult[]> {
    return this.write(async (tx) => {
      const results: MutationResult[] = [];
      for (const request of requests) results.push(await this.applyOneMutation(tx, request));
      return results;
    });
  }

  private async applyOneMutation(tx: TransactionExecutor, request: MutationRequest): Promise<MutationResult> {
    const { mutation } = request;
    const previous = (await tx.all('SELECT user_id, content_hash, result FROM applied_mutations WHERE mutation_id = ?', [mutation.mutationId]))[0];
    if (previous) {
      if (previous.user_id === request.userId && previous.content_hash === request.contentHash) {
        return { mutationId: mutation.mutationId, status: 'duplicate', first: JSON.parse(String(previous.result)) as MutationOutcome };
      }
      return { mutationId: mutation.mutationId, status: 'rejected', reason: 'mutation_id_reused' };
    }
    const outcome = await this.decideMutation(tx, request);
    await tx.run('INSERT INTO applied_mutations (mutation_id, device_id, user_id, content_hash, result, applied_at) VALUES (?, ?, ?, ?, ?, ?)', [
      mutation.mutationId,
      request.deviceId,
      request.userId,
      request.contentHash,
      JSON.stringify(outcome),
      request.now,
    ]);
    return outcome;
  }

  private async decideMutation(tx: TransactionExecutor, request: MutationRequest): Promise<MutationOutcome> {
    const { mutation, now } = request;
    const mutationId = mutation.mutationId;
    const accessRow = (await tx.all<CaseAccessRow>(CASE_ACCESS_SQL, [mutation.caseId]))[0];
    const access = accessOf(accessRow, request.userId);
    if (!access || !accessRow) return { mutationId, status: 'rejected', reason: 'forbidden' };
    if (mutation.type === 'qc.decide' && access !== 'lead') return { mutationId, status: 'rejected', reason: 'not_lead' };
    if (mutation.type === 'review.submit' && access !== 'assignee') return { mutationId, status: 'rejected', reason: 'forbidden' };

    const review = (await tx.all<ReviewRow>(`SELECT * FROM reviews WHERE case_id = ? ${this.driver.forUpdate}`, [mutation.caseId]))[0];
    const currentVersion = review ? Number(review.current_version) : 0;
    const current = review ? await this.readVersion(tx, mutation.caseId, currentVersion) : null;

    if (mutation.type === 'qc.decide') {
      if (!review) return { mutationId, status: 'rejected', reason: 'not_applicable' };
      const stale = mutation.baseVersion !== currentVersion;
      await tx.run(
        'INSERT INTO qc_decisions (mutation_id, case_id, review_version, decision, comment, lead_id, stale, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [mutationId, mutation.caseId, mutation.baseVersion, mutation.payload.decision, mutation.payload.comment ?? null, request.userId, stale ? 1 : 0, now],
      );
      if (stale) return { mutationId, status: 'conflict', keptAs: null, current };
      await tx.run(
        `UPDATE reviews SET status = ?, qc_decision = ?, qc_comment = ?, qc_lead_id = ?, qc_review_version = ?, qc_decided_at = ?, updated_at = ?
         WHERE case_id = ?`,
        [
          mutation.payload.decision === 'approve' ? 'approved' : 'returned',
          mutation.payload.decision,
          mutation.payload.comment ?? null,
          request.userId,
          currentVersion,
          now,
          now,
          mutation.caseId,
        ],
      );
      await this.appendFeed(tx, await this.batchAudience(tx, accessRow.batch_id), 'review', mutation.caseId, null, now);
      return { mutationId, status: 'applied', version: currentVersion };
    }

    const { payload } = mutation;
    if (payload.templateId !== accessRow.template_id) return { mutationId, status: 'rejected', reason: 'not_applicable' };
    if (request.checkAnswers) {
      const template = await this.readTemplate(tx, payload.templateId, payload.templateVersion);
      if (!template) return { mutationId, status: 'rejected', reason: 'not_applicable' };
      const fieldErrors = request.checkAnswers(template.definition, payload.answers);
      if (fieldErrors.length > 0) return { mutationId, status: 'rejected', reason: 'invalid_payload', fieldErrors };
    }
    const versionNo = (review ? Number(review.last_version_no) : 0) + 1;
    const stale = mutation.baseVersion !== currentVersion;
    await tx.run(
      `INSERT INTO review_versions (case_id, version_no, kind, base_version, template_id, template_version, answers, reviewer_id, device_id, mutation_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        mutation.caseId,
        versionNo,
        stale ? 'conflict' : 'accepted',
        mutation.baseVersion,
        payload.templateId,
        payload.templateVersion,
        JSON.stringify(payload.answers),
        request.userId,
        request.deviceId,
        mutationId,
        now,
      ],
    );
    if (!review) {
      await tx.run(
        'INSERT INTO reviews (case_id, current_version, last_version_no, status, updated_at) VALUES (?, ?, ?, ?, ?)',
        [mutation.caseId, stale ? 0 : versionNo, versionNo, 'submitted', now],
      );
    } else if (stale) {
      await tx.run('UPDATE reviews SET last_version_no = ? WHERE case_id = ?', [versionNo, mutation.caseId]);
    } else {
      await tx.run('UPDATE reviews SET current_version = ?, last_version_no = ?, status = ?, updated_at = ? WHERE case_id = ?', [
        versionNo,
        versionNo,
        'submitted',
        now,
        mutation.caseId,
      ]);
    }
    if (stale) return { mutationId, status: 'conflict', keptAs: versionNo, current };
    await this.appendFeed(tx, await this.batchAudience(tx, accessRow.batch_id), 'review', mutation.caseId, null, now);
    return { mutationId, status: 'applied', version: versionNo };
  }

  private async readVersion(db: SqlExecutor, caseId: string, versionNo: number): Promise<ReviewVersion | null> {
    const row = (await db.all<VersionRow>('SELECT * FROM review_versions WHERE case_id = ? AND version_no = ?', [caseId, versionNo]))[0];
    return row ? toReviewVersion(row) : null;
  }

  async getReview(caseId: string): Promise<ReviewState | null> {
    return this.readReviewState(this.driver, caseId);
  }

  private async readReviewState(db: SqlExecutor, caseId: string): Promise<ReviewState | null> {
    const review = (await db.all<ReviewRow>('SELECT * FROM reviews WHERE case_id = ?', [caseId]))[0];
    if (!review || Number(review.current_version) === 0) return null;
    const version = await this.readVersion(db, caseId, Number(review.current_version));
    if (!version) return null;
    return {
      caseId,
      version: version.version,
      status: review.status,
      templateId: version.templateId,
      templateVersion: version.templateVersion,
      answers: version.answers,
      reviewerId: version.reviewerId,
      submittedAt: version.submittedAt,
      qc:
        review.qc_decision && review.qc_lead_id && review.qc_decided_at
          ? {
              decision: review.qc_decision,
              comment: review.qc_comment,
              leadId: review.qc_lead_id,
              reviewVersion: Number(review.qc_review_version),
              decidedAt: review.qc_decided_at,
            }
          : null,
    };
  }

  async listReviewVersions(caseId: string): Promise<StoredReviewVersion[]> {
    const rows = await this.driver.all('SELECT * FROM review_versions WHERE case_id = ? ORDER BY version_no', [caseId]);
    return rows.map((row) => ({
      versionNo: Number(row.version_no),
      kind: row.kind as 'accepted' | 'conflict',
      baseVersion: Number(row.base_version),
      reviewerId: String(row.reviewer_id),
      mutationId: String(row.mutation_id),
    }));
  }

  // ── pull ──────────────────────────────────────────────────────────────

  async pullChanges(userId: string, afterSequence: number, limit: number): Promise<PullPage> {
    const rows = await this.driver.all('SELECT seq, kind, entity_id, detail FROM change_feed WHERE user_id = ? AND seq > ? ORDER BY seq LIMIT ?', [
      userId,
      afterSequence,
      limit + 1,
    ]);
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit);
    // A later row for the same entity supersedes an earlier one in the page: both would carry today's state.
    const lastIndex = new Map<string, number>();
    page.forEach((row, index) => lastIndex.set(`${String(row.kind)}:${String(row.entity_id)}`, index));
    const changes: Change[] = [];
    for (const [index, row] of page.entries()) {
      if (lastIndex.get(`${String(row.kind)}:${String(row.entity_id)}`) !== index) continue;
      const change = await this.materialize(userId, row.kind as FeedKind, String(row.entity_id), row.detail as string | null);
      if (change) changes.push(change);
    }
    const lastSequence = page.length > 0 ? Number(page[page.length - 1]!.seq) : afterSequence;
    return { changes, lastSequence, hasMore };
  }

  /** Today's state of one entity, if the user may still see it (a removal follows otherwise). */
  private async materialize(userId: string, kind: FeedKind, entityId: string, detail: string | null): Promise<Change | null> {
    switch (kind) {
      case 'template': {
        const [templateId, version] = entityId.split('@');
        const template = await this.readTemplate(this.driver, templateId!, Number(version));
        return template ? { kind: 'template', templateId: template.templateId, version: template.version, definition: template.definition } : null;
      }
      case 'batch': {
        if (!(await this.batchAudience(this.driver, entityId)).includes(userId)) return null;
        const batch = await this.readBatch(this.driver, entityId);
        return batch ? { kind: 'batch', batch } : null;
      }
      case 'case': {
        const access = (await this.driver.all<CaseAccessRow>(CASE_ACCESS_SQL, [entityId]))[0];
        if (!accessOf(access, userId) || !access) return null;
        const file = await this.getCase(entityId);
        if (!file) return null;
        const linked = await this.driver.all(
          `SELECT DISTINCT c.reference FROM person_links mine JOIN person_links other ON other.person_id = mine.person_id AND other.case_id <> mine.case_id
           JOIN cases c ON c.case_id = other.case_id WHERE mine.case_id = ? ORDER BY c.reference`,
          [entityId],
        );
        return { kind: 'case', batchId: access.batch_id, case: file, linkedReferences: linked.map((row) => String(row.reference)) };
      }
      case 'review': {
        if (!(await this.caseAccess(userId, entityId))) return null;
        const review = await this.readReviewState(this.driver, entityId);
        return review ? { kind: 'review', review } : null;
      }
      case 'removal':
        return { kind: 'removal', batchId: entityId, caseIds: detail ? (JSON.parse(detail) as string[]) : [] };
    }
  }

  // ── audit ─────────────────────────────────────────────────────────────

  appendAuditEvents(deviceId: string, events: readonly AuditEvent[], now: string): Promise<AuditAppendResult> {
    return this.write(async (tx) => {
      const device = (await tx.all(`SELECT audit_count, audit_last_hash FROM devices WHERE device_id = ? ${this.driver.forUpdate}`, [deviceId]))[0];
      if (!device) throw new StorageError('not_found', 'no such device');
      let count = Number(device.audit_count);
      let head = String(device.audit_last_hash);
      let accepted = 0;
      let duplicates = 0;
      for (const [index, event] of events.entries()) {
        const known = await tx.all('SELECT 1 FROM audit_events WHERE device_id = ? AND hash = ?', [deviceId, event.hash]);
        if (known.length > 0) {
          // A re-sent event (its acknowledgement was lost); the hash covers its content and its predecessor.
          duplicates += 1;
          continue;
        }
        if (event.prevHash !== head) throw new AuditChainError(index, head);
        count += 1;
        await tx.run(
          'INSERT INTO audit_events (device_id, position, event_id, hash, prev_hash, event, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          [deviceId, count, event.eventId, event.hash, event.prevHash, JSON.stringify(event), now],
        );
        head = event.hash;
        accepted += 1;
      }
      await tx.run('UPDATE devices SET audit_count = ?, audit_last_hash = ? WHERE device_id = ?', [count, head, deviceId]);
      return { accepted, duplicates, lastHash: head };
    });
  }
}
