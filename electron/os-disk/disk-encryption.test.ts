import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFdesetupStatus, parseLinuxDeviceTree, parseManageBdeStatus, readDiskEncryptionStatus } from './disk-encryption';

// Recorded shapes: `lsblk -J -s -o NAME,TYPE` on a LUKS laptop and on this machine's plain virtio disk.
const LUKS_TREE = JSON.stringify({
  blockdevices: [{ name: 'vgubuntu-root', type: 'lvm', children: [{ name: 'nvme0n1p3_crypt', type: 'crypt', children: [{ name: 'nvme0n1p3', type: 'part', children: [{ name: 'nvme0n1', type: 'disk' }] }] }] }],
});
const PLAIN_TREE = JSON.stringify({ blockdevices: [{ name: 'vda', type: 'disk' }] });

const BDE_ON = `BitLocker Drive Encryption: Configuration Tool version 10.0.22621
Volume C: [Windows]
    Size:                 475.87 GB
    Conversion Status:    Fully Encrypted
    Percentage Encrypted: 100.0%
    Protection Status:    Protection On
`;
const BDE_OFF = BDE_ON.replace('Fully Encrypted', 'Fully Decrypted').replace('Protection On', 'Protection Off');

describe('disk encryption as the OS reports it', () => {
  it('finds a LUKS (crypt) device anywhere under the mount, and says when there is none', () => {
    expect(parseLinuxDeviceTree(LUKS_TREE)).toMatchObject({ state: 'encrypted', method: 'luks' });
    expect(parseLinuxDeviceTree(PLAIN_TREE)).toMatchObject({ state: 'not-encrypted' });
    expect(parseLinuxDeviceTree('not json')).toMatchObject({ state: 'unknown' });
  });

  it('reads FileVault and BitLocker answers, and unknown words as unknown', () => {
    expect(parseFdesetupStatus('FileVault is On.\n')).toMatchObject({ state: 'encrypted', method: 'filevault' });
    expect(parseFdesetupStatus('FileVault is Off.\n')).toMatchObject({ state: 'not-encrypted' });
    expect(parseManageBdeStatus(BDE_ON)).toMatchObject({ state: 'encrypted', method: 'bitlocker' });
    expect(parseManageBdeStatus(BDE_OFF)).toMatchObject({ state: 'not-encrypted' });
    expect(parseManageBdeStatus('ERROR: An attempt to access a required resource was denied.')).toMatchObject({ state: 'unknown' });
  });

  it('asks findmnt for the data folder and lsblk for the device under it', async () => {
    const asked: string[] = [];
    const run = async (file: string, args: readonly string[]) => {
      asked.push(`${file} ${args.join(' ')}`);
      return file === 'findmnt' ? JSON.stringify({ filesystems: [{ source: '/dev/mapper/vgubuntu-root' }] }) : LUKS_TREE;
    };
    expect(await readDiskEncryptionStatus('linux', '/home/r/.config/CaseDesk', run)).toMatchObject({ state: 'encrypted' });
    expect(asked).toEqual(['findmnt -J -n -o SOURCE -T /home/r/.config/CaseDesk', 'lsblk -J -s -o NAME,TYPE /dev/mapper/vgubuntu-root']);
  });

  it('answers unknown, never throws, when the tools fail', async () => {
    const failing = async () => {
      throw new Error('ENOENT');
    };
    expect(await readDiskEncryptionStatus('linux', '/x', failing)).toMatchObject({ state: 'unknown' });
    expect(await readDiskEncryptionStatus('darwin', '/x', failing)).toMatchObject({ state: 'unknown' });
    expect(await readDiskEncryptionStatus('aix', '/x', failing)).toMatchObject({ state: 'unknown' });
  });

  it('reads this machine for real (Linux): a definite answer or unknown, never an error', async () => {
    const status = await readDiskEncryptionStatus(process.platform, mkdtempSync(path.join(tmpdir(), 'casedesk-disk-')));
    expect(['encrypted', 'not-encrypted', 'unknown']).toContain(status.state);
    expect(status.detail.length).toBeGreaterThan(0);
  });
});
