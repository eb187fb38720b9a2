import type { Session, WebContents } from 'electron';
import { APP_HOST, APP_SCHEME } from '../protocol/app-origin';

/**
 * Only the app's own files may be requested: everything else (http, https,
 * ws, file, remote fonts, a compromised renderer's beacon) is cancelled.
 * Devtools' own scheme is allowed in development only.
 */
export function isAllowedRequestUrl(rawUrl: string, isDevelopment: boolean): boolean {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return false;
  }
  if (url.protocol === `${APP_SCHEME}:`) return url.hostname === APP_HOST && url.username === '' && url.port === '';
  if (isDevelopment && url.protocol === 'devtools:') return true;
  return false;
}

/** Session-wide policy: no permission is ever granted, no foreign request leaves. */
export function hardenSession(session: Session, isDevelopment: boolean): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback({}));
  session.setSpellCheckerEnabled(false);
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequestUrl(details.url, isDevelopment) });
  });
  session.on('will-download', (event) => event.preventDefault());
}

/** Per-window policy: the app never navigates away, opens windows or embeds webviews. */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Links are never handed to shell.openExternal: a case file could carry a
  // crafted URL, and nothing in a review needs a browser.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
