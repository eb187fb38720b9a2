import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

/**
 * A PostgreSQL stand-in that asks for a cleartext password and records what
 * the client sends: the local PostgreSQL trusts every login, so only the wire
 * shows which password the CLI really used.
 */
function startPasswordRecorder(): Promise<{ port: number; passwords: string[]; server: Server }> {
  const passwords: string[] = [];
  const server = createServer((socket) => {
    let buffered = Buffer.alloc(0);
    let started = false;
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!started) {
        if (buffered.length < 4 || buffered.length < buffered.readInt32BE(0)) return;
        buffered = buffered.subarray(buffered.readInt32BE(0));
        started = true;
        // AuthenticationCleartextPassword
        socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]));
      }
      if (buffered.length >= 5 && buffered[0] === 0x70 && buffered.length >= 1 + buffered.readInt32BE(1)) {
        passwords.push(buffered.subarray(5, buffered.readInt32BE(1)).toString('utf8'));
        const fields = Buffer.from('SFATAL\0C28P01\0Mpassword authentication failed\0\0');
        const header = Buffer.alloc(5);
        header.write('E');
        header.writeInt32BE(4 + fields.length, 1);
        socket.end(Buffer.concat([header, fields]));
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as AddressInfo).port, passwords, server })));
}

function capture() {
  const lines = { out: [] as string[], err: [] as string[] };
  return { lines, io: { out: (line: string) => lines.out.push(line), err: (line: string) => lines.err.push(line) } };
}

describe('the PostgreSQL password', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'casedesk-pgpass-'));
  let recorder: Awaited<ReturnType<typeof startPasswordRecorder>>;
  let url: string;
  const savedPassword = process.env.PGPASSWORD;
  const savedDatabase = process.env.CASEDESK_DB;

  beforeAll(async () => {
    recorder = await startPasswordRecorder();
    url = `postgres://casedesk@127.0.0.1:${recorder.port}/casedesk`;
  });
  afterAll(async () => {
    if (savedPassword === undefined) delete process.env.PGPASSWORD;
    else process.env.PGPASSWORD = savedPassword;
    if (savedDatabase === undefined) delete process.env.CASEDESK_DB;
    else process.env.CASEDESK_DB = savedDatabase;
    await new Promise((resolve) => recorder.server.close(resolve));
    rmSync(directory, { recursive: true, force: true });
  });

  it('is refused in --db, where the process list shows it, before anything connects', async () => {
    const before = recorder.passwords.length;
    const init = capture();
    expect(await runCli(['init', '--db', `postgres://casedesk:hunter2@127.0.0.1:${recorder.port}/casedesk`], init.io)).toBe(2);
    expect(init.lines.err.join('\n')).toMatch(/a password in --db is visible to every local user.*PGPASSWORD.*--db-password-file/);
    expect(init.lines.err.join('\n')).not.toContain('hunter2');
    expect(recorder.passwords.length).toBe(before);
  });

  it('comes from a file given by --db-password-file', async () => {
    const file = path.join(directory, 'db-password');
    writeFileSync(file, 'from the file\n', { mode: 0o600 });
    delete process.env.PGPASSWORD;
    const init = capture();
    expect(await runCli(['init', '--db', url, '--db-password-file', file], init.io)).toBe(1);
    expect(init.lines.err.join('\n')).toBe('casedesk-server init: cannot open the database (28P01)');
    expect(recorder.passwords.at(-1)).toBe('from the file');
  });

  it('refuses a password file others can read', async () => {
    const file = path.join(directory, 'open-password');
    writeFileSync(file, 'shared\n');
    chmodSync(file, 0o644);
    const init = capture();
    expect(await runCli(['init', '--db', url, '--db-password-file', file], init.io)).toBe(1);
    expect(init.lines.err.join('\n')).toMatch(/open to other users \(mode 0644\); run chmod 600/);
  });

  it('comes from PGPASSWORD, or from a $CASEDESK_DB URL kept in the environment', async () => {
    process.env.PGPASSWORD = 'from the environment';
    expect(await runCli(['init', '--db', url], capture().io)).toBe(1);
    expect(recorder.passwords.at(-1)).toBe('from the environment');
    delete process.env.PGPASSWORD;
    process.env.CASEDESK_DB = `postgres://casedesk:in%20the%20env@127.0.0.1:${recorder.port}/casedesk`;
    expect(await runCli(['init'], capture().io)).toBe(1);
    expect(recorder.passwords.at(-1)).toBe('in the env');
  });
});
