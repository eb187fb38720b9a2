import { describe, expect, it } from 'vitest';
import { auditEventSchema, computeAuditEventHash, GENESIS_HASH, sealAuditEvent } from './audit';
import { canonicalJson } from './canonical-json';
import { uuidV7Schema } from './push';
import { createUuidV7 } from './uuid-v7';

describe('audit chain format', () => {
  it('encodes canonical JSON with sorted keys and no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined })).toBe('{"a":[true,null,"x"],"b":1}');
  });

  it('seals events so each hash covers the previous one', async () => {
    const base = { kind: 'consultation' as const, at: '2026-01-01T00:00:00.000Z', userId: 'u1', deviceId: 'd1', caseId: 'case-1' };
    const first = await sealAuditEvent({ ...base, eventId: createUuidV7() }, GENESIS_HASH);
    const second = await sealAuditEvent({ ...base, eventId: createUuidV7() }, first.hash);
    expect(auditEventSchema.safeParse(first).success).toBe(true);
    expect(second.prevHash).toBe(first.hash);
    expect(await computeAuditEventHash(second)).toBe(second.hash);
    expect(await computeAuditEventHash({ ...second, caseId: 'case-2' })).not.toBe(second.hash);
  });

  it('generates valid UUIDv7 ids', () => {
    for (let index = 0; index < 50; index += 1) expect(uuidV7Schema.safeParse(createUuidV7()).success).toBe(true);
  });
});
