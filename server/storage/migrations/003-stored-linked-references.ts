import type { Migration } from './migration';

/**
 * Each case's linked references (references of other cases that share a
 * person id with it), kept up to date by every import. A case links to dozens
 * of others, so computing them at pull time made most of a large pull's cost.
 * NULL until an import computes them: pull computes those on the fly.
 */
export const storedLinkedReferences: Migration = {
  id: 3,
  name: 'stored-linked-references',
  sqlite: 'ALTER TABLE cases ADD COLUMN linked_references TEXT;',
  postgres: 'ALTER TABLE cases ADD COLUMN linked_references TEXT;',
};
