/** Why the last sync did not finish, in the plain words the status bar shows. Never case data. */
export type SyncProblemCode =
  | 'Offline'
  | 'EndpointBusy'
  | 'TokenRefused'
  | 'TokenExpired'
  | 'DeviceRevoked'
  | 'AuditChainRefused'
  | 'AuditChainDamaged'
  | 'StorageFull'
  | 'SyncFailed';

const SYNC_PROBLEM_WORDS: Record<SyncProblemCode, string> = {
  Offline: 'Offline. Your work is saved on this computer and will be sent when the endpoint can be reached.',
  EndpointBusy: 'The central endpoint is busy or unavailable. CaseDesk will try again shortly; nothing is lost.',
  TokenRefused: 'The central endpoint no longer accepts this device. Enrol it again with a new code from your administrator.',
  TokenExpired:
    "This device's sign-in expired because it did not sync for three months. Your work is kept: enrol again with a new code from your administrator.",
  DeviceRevoked: 'This device was revoked, or its user deactivated, by an administrator. Everything CaseDesk held on it has been erased.',
  AuditChainRefused:
    "The endpoint refused this device's audit log because it does not continue the log it already holds. Tell your team lead.",
  AuditChainDamaged: "Part of this device's audit log is damaged and cannot be sent. Tell your team lead.",
  StorageFull: 'The disk is full, so received changes could not be saved. Free some space; nothing already saved was lost.',
  SyncFailed: 'Sync did not complete. CaseDesk will try again; if this keeps happening, tell your team lead.',
};

export function describeSyncProblem(code: SyncProblemCode): string {
  return SYNC_PROBLEM_WORDS[code];
}
