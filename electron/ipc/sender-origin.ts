/**
 * Decides whether an IPC message came from the app's own document. The URL is
 * parsed and compared field by field: a loose string prefix check would accept
 * `app://casedesk.evil/` or `app://casedesk@evil/`.
 */
export function isFromAppOrigin(senderUrl: string | undefined, appOrigin: string): boolean {
  if (!senderUrl) return false;
  let sender: URL;
  let expected: URL;
  try {
    sender = new URL(senderUrl);
    expected = new URL(appOrigin);
  } catch {
    return false;
  }
  return (
    sender.protocol === expected.protocol &&
    sender.hostname === expected.hostname &&
    sender.port === expected.port &&
    sender.username === '' &&
    sender.password === ''
  );
}
