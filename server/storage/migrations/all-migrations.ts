import { initialSchema } from './001-initial-schema';
import type { Migration } from './migration';

export const ALL_MIGRATIONS: readonly Migration[] = [initialSchema];
