import { checkId, CommandFailed, parseOptions, UsageError, withStorage, type CliIo } from '../cli-io';

export const DEVICES_USAGE = 'devices list | devices revoke DEVICE_ID';

export async function runDevices(args: string[], io: CliIo): Promise<void> {
  const [action, ...rest] = args;
  if (action === 'list') {
    const { values } = parseOptions(rest, {}, { min: 0, max: 0, names: '' });
    await withStorage(values, async (storage) => {
      const devices = await storage.listDevices();
      if (devices.length === 0) io.out('No devices.');
      for (const device of devices) {
        io.out(`${device.deviceId}  ${device.userId}  enrolled ${device.enrolledAt}  last seen ${device.lastSeenAt}  ${device.revokedAt ? `REVOKED ${device.revokedAt}` : 'active'}  ${device.name}`);
      }
    });
    return;
  }
  if (action !== 'revoke') throw new UsageError('expected "devices list" or "devices revoke"');
  const { values, positionals } = parseOptions(rest, {}, { min: 1, max: 1, names: 'a device id' });
  const deviceId = checkId(positionals[0]!, 'the device id');
  await withStorage(values, async (storage) => {
    if (!(await storage.getDevice(deviceId))) throw new CommandFailed(`no device ${deviceId}`);
    const revoked = await storage.revokeDevice(deviceId, new Date().toISOString());
    io.out(revoked ? `Device ${deviceId} revoked: its next request gets 401 device_revoked and it erases its data` : `Device ${deviceId} was already revoked`);
  });
}
