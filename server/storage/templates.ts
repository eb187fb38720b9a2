import { z } from 'zod';
import { templateDefinitionSchema, type TemplateDefinition, type VersionedTemplate } from '../../shared/review-template/template-definition';
import { canonicalJson, type JsonValue } from '../../shared/sync-protocol/canonical-json';
import { appendFeed } from './change-feed';
import { listUserIds } from './people';
import type { SqlExecutor } from './sql-driver';
import { parseJsonColumn, parseRows, sqlInteger, sqlText } from './sql-row';
import type { StorageTransaction } from './storage-transaction';

const templateRow = z.object({ template_id: sqlText, version: sqlInteger, definition: sqlText });

function toTemplate(row: z.infer<typeof templateRow>): VersionedTemplate {
  return { templateId: row.template_id, version: row.version, definition: parseJsonColumn(templateDefinitionSchema, row.definition, 'template') };
}

export function templateKey(templateId: string, version: number): string {
  return `${templateId}@${version}`;
}

/**
 * Template versions never change once saved, so a version read once is kept.
 * One cache per open database (two databases may both have `cse-review@1`).
 */
export class TemplateVersions {
  private readonly known = new Map<string, VersionedTemplate>();

  /** The given versions, from the cache or in one query for the rest; absent ones are missing from the map. */
  async read(db: SqlExecutor, wanted: readonly { templateId: string; version: number }[]): Promise<Map<string, VersionedTemplate>> {
    const found = new Map<string, VersionedTemplate>();
    const missing = new Map<string, { templateId: string; version: number }>();
    for (const entry of wanted) {
      const key = templateKey(entry.templateId, entry.version);
      const cached = this.known.get(key);
      if (cached) found.set(key, cached);
      else missing.set(key, entry);
    }
    if (missing.size > 0) {
      const entries = [...missing.values()];
      const rows = await db.all(
        `SELECT template_id, version, definition FROM templates WHERE ${entries.map(() => '(template_id = ? AND version = ?)').join(' OR ')}`,
        entries.flatMap((entry) => [entry.templateId, entry.version]),
      );
      for (const row of parseRows(templateRow, rows, 'template')) {
        const template = toTemplate(row);
        this.remember(template);
        found.set(templateKey(template.templateId, template.version), template);
      }
    }
    return found;
  }

  /** One version, or the latest when `version` is absent. */
  async readOne(db: SqlExecutor, templateId: string, version?: number): Promise<VersionedTemplate | null> {
    if (version !== undefined) return (await this.read(db, [{ templateId, version }])).get(templateKey(templateId, version)) ?? null;
    const rows = await db.all('SELECT template_id, version, definition FROM templates WHERE template_id = ? ORDER BY version DESC LIMIT 1', [templateId]);
    const row = parseRows(templateRow, rows, 'template')[0];
    if (!row) return null;
    const template = toTemplate(row);
    this.remember(template);
    return template;
  }

  private remember(template: VersionedTemplate): void {
    this.known.set(templateKey(template.templateId, template.version), template);
  }
}

/** Saves a new version unless the latest one is the same definition; every user pulls a new version. */
export async function setTemplate(tx: StorageTransaction, definition: TemplateDefinition, now: string): Promise<{ version: number; created: boolean }> {
  const latest = parseRows(
    templateRow,
    await tx.sql.all('SELECT template_id, version, definition FROM templates WHERE template_id = ? ORDER BY version DESC LIMIT 1', [definition.templateId]),
    'template',
  )[0];
  const encoded = canonicalJson(definition as unknown as JsonValue);
  if (latest && latest.definition === encoded) return { version: latest.version, created: false };
  const version = latest ? latest.version + 1 : 1;
  await tx.sql.run('INSERT INTO templates (template_id, version, definition, created_at) VALUES (?, ?, ?, ?)', [definition.templateId, version, encoded, now]);
  appendFeed(tx, await listUserIds(tx.sql), 'template', templateKey(definition.templateId, version), null, now);
  return { version, created: true };
}

export async function listTemplates(db: SqlExecutor): Promise<VersionedTemplate[]> {
  return parseRows(templateRow, await db.all('SELECT template_id, version, definition FROM templates ORDER BY template_id, version'), 'template').map(toTemplate);
}
