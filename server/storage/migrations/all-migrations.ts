import { initialSchema } from './001-initial-schema';
import { wideClientNumbers } from './002-wide-client-numbers';
import { storedLinkedReferences } from './003-stored-linked-references';
import { deviceLifecycle } from './004-device-lifecycle';
import { auditRefusals } from './005-audit-refusals';
import type { Migration } from './migration';

export const ALL_MIGRATIONS: readonly Migration[] = [initialSchema, wideClientNumbers, storedLinkedReferences, deviceLifecycle, auditRefusals];
