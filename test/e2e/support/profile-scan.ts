import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every regular file under a folder, recursively (the Chromium user-data dir). */
export function listFilesUnder(root: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) files.push(...listFilesUnder(full));
    else if (entry.isFile() || (entry.isSymbolicLink() && statSync(full, { throwIfNoEntry: false })?.isFile())) files.push(full);
  }
  return files;
}

export interface CanaryHit {
  readonly canary: string;
  readonly encoding: 'utf-8' | 'utf-16le';
  readonly file: string;
}

/** Searches every file's raw bytes for each canary in UTF-8 and UTF-16LE. */
export function scanForCanaries(root: string, canaries: readonly string[]): { hits: CanaryHit[]; filesScanned: number; bytesScanned: number } {
  const needles = canaries.flatMap((canary) => [
    { canary, encoding: 'utf-8' as const, bytes: Buffer.from(canary, 'utf8') },
    { canary, encoding: 'utf-16le' as const, bytes: Buffer.from(canary, 'utf16le') },
  ]);
  const hits: CanaryHit[] = [];
  let bytesScanned = 0;
  const files = listFilesUnder(root);
  for (const file of files) {
    let content: Buffer;
    try {
      content = readFileSync(file);
    } catch {
      continue; // a socket or a file Chromium removed while closing
    }
    bytesScanned += content.length;
    for (const needle of needles) {
      if (content.includes(needle.bytes)) hits.push({ canary: needle.canary, encoding: needle.encoding, file: path.relative(root, file) });
    }
  }
  return { hits, filesScanned: files.length, bytesScanned };
}
