import { execFile } from 'node:child_process';
import type { DiskEncryptionStatus } from '../../shared/ipc/contract';

/**
 * Whether the OS reports the disk under the app's data as encrypted, where
 * it can tell: LUKS/dm-crypt on Linux (the mount's block device or one of its
 * parents is a `crypt` device), FileVault on macOS (`fdesetup status`),
 * BitLocker on Windows (`manage-bde -status`, which needs an administrator;
 * without one the answer is `unknown`). LevelDB keeps deleted rows until it
 * compacts, so full-disk encryption is what makes an erased batch unreadable
 * on a disk image (docs/encryption.md); the app says plainly when it is off.
 */

/** Runs a program and resolves its stdout; rejects when it fails or times out. */
export type CommandRunner = (file: string, args: readonly string[]) => Promise<string>;

export const runCommand: CommandRunner = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: 5_000, maxBuffer: 1024 * 1024, windowsHide: true }, (error, stdout) => {
      if (error) reject(error);
      else resolve(String(stdout));
    });
  });

const UNKNOWN = (detail: string): DiskEncryptionStatus => ({ state: 'unknown', method: null, detail });

interface LsblkNode {
  readonly name?: string;
  readonly type?: string;
  readonly children?: readonly LsblkNode[];
}

/** `lsblk -J -s -o NAME,TYPE <device>`: the device and, as children, what it sits on. */
export function parseLinuxDeviceTree(lsblkJson: string): DiskEncryptionStatus {
  let parsed: { blockdevices?: readonly LsblkNode[] };
  try {
    parsed = JSON.parse(lsblkJson) as { blockdevices?: readonly LsblkNode[] };
  } catch {
    return UNKNOWN('The block device list could not be read.');
  }
  const nodes = parsed.blockdevices ?? [];
  if (nodes.length === 0) return UNKNOWN('No block device was found under the data folder.');
  const anyCrypt = (list: readonly LsblkNode[]): boolean => list.some((node) => node.type === 'crypt' || anyCrypt(node.children ?? []));
  return anyCrypt(nodes)
    ? { state: 'encrypted', method: 'luks', detail: 'The data folder is on an encrypted (LUKS / dm-crypt) device.' }
    : { state: 'not-encrypted', method: null, detail: 'The data folder is on a device without LUKS / dm-crypt encryption.' };
}

export function parseFdesetupStatus(output: string): DiskEncryptionStatus {
  if (/FileVault is On/i.test(output)) return { state: 'encrypted', method: 'filevault', detail: 'FileVault is on.' };
  if (/FileVault is Off/i.test(output)) return { state: 'not-encrypted', method: null, detail: 'FileVault is off.' };
  return UNKNOWN('FileVault did not say whether it is on.');
}

export function parseManageBdeStatus(output: string): DiskEncryptionStatus {
  const conversion = /Conversion Status:\s*(.+)/i.exec(output)?.[1]?.trim() ?? '';
  const protection = /Protection Status:\s*(.+)/i.exec(output)?.[1]?.trim() ?? '';
  if (/Fully Encrypted/i.test(conversion) && /Protection On/i.test(protection)) {
    return { state: 'encrypted', method: 'bitlocker', detail: 'BitLocker protects the system drive.' };
  }
  if (/Fully Decrypted/i.test(conversion) || /Protection Off/i.test(protection)) {
    return { state: 'not-encrypted', method: null, detail: 'BitLocker does not protect the system drive.' };
  }
  return UNKNOWN('BitLocker did not say whether it protects the system drive.');
}

export async function readDiskEncryptionStatus(
  platform: NodeJS.Platform,
  dataFolder: string,
  run: CommandRunner = runCommand,
): Promise<DiskEncryptionStatus> {
  try {
    if (platform === 'linux') {
      const mount = JSON.parse(await run('findmnt', ['-J', '-n', '-o', 'SOURCE', '-T', dataFolder])) as { filesystems?: { source?: string }[] };
      const source = mount.filesystems?.[0]?.source?.replace(/\[.*\]$/, '');
      if (!source?.startsWith('/dev/')) return UNKNOWN('The data folder is not on a local block device this app can inspect.');
      return parseLinuxDeviceTree(await run('lsblk', ['-J', '-s', '-o', 'NAME,TYPE', source]));
    }
    if (platform === 'darwin') return parseFdesetupStatus(await run('fdesetup', ['status']));
    if (platform === 'win32') {
      const drive = /^[A-Za-z]:/.exec(dataFolder)?.[0] ?? 'C:';
      return parseManageBdeStatus(await run('manage-bde', ['-status', drive]));
    }
    return UNKNOWN('This operating system is not one CaseDesk can ask.');
  } catch {
    return UNKNOWN('The operating system could not be asked whether the disk is encrypted.');
  }
}
