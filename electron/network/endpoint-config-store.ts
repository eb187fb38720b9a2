import { readFileSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { spkiPinSchema } from '../../shared/ipc/network-contract';
import { syncDirectory, writeFileAtomically } from '../files/atomic-file';
import { parseEndpointOrigin } from './endpoint-origin';

/**
 * The one endpoint main may talk to, kept in main's own file in the user-data
 * folder: the renderer cannot name another origin, and a compromised renderer
 * cannot rewrite this file. Nothing secret lives here (the device token stays
 * sealed in the vault), but it decides where case outcomes go, so it is
 * written atomically and re-validated on every start.
 */
export const ENDPOINT_CONFIG_FILE = 'endpoint.json';

export interface EndpointConfig {
  /** Normalised `scheme://host[:port]`. */
  readonly origin: string;
  /** base64 SHA-256 of the server certificate's SubjectPublicKeyInfo, or null for no pin. */
  readonly spkiPin: string | null;
}

const endpointConfigFileSchema = z.strictObject({
  version: z.literal(1),
  origin: z.string().max(2048),
  spkiPin: spkiPinSchema.nullable(),
});

export interface EndpointConfigStore {
  current(): EndpointConfig | null;
  save(config: EndpointConfig): void;
  clear(): void;
}

/**
 * Loads the saved config once, at start. A missing file means "not enrolled";
 * a damaged or tampered one too, with one log line that names the file but
 * never repeats its contents.
 */
export function openEndpointConfigStore(directory: string, log: (line: string) => void): EndpointConfigStore {
  const filePath = path.join(directory, ENDPOINT_CONFIG_FILE);
  let config = readEndpointConfig(filePath, log);
  return {
    current: () => config,
    save(next) {
      writeFileAtomically(filePath, `${JSON.stringify({ version: 1, origin: next.origin, spkiPin: next.spkiPin })}\n`);
      config = next;
    },
    clear() {
      try {
        unlinkSync(filePath);
        syncDirectory(directory);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      config = null;
    },
  };
}

function readEndpointConfig(filePath: string, log: (line: string) => void): EndpointConfig | null {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    log(`CaseDesk main: cannot read ${ENDPOINT_CONFIG_FILE} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}); the device counts as not enrolled`);
    return null;
  }
  let parsed: z.infer<typeof endpointConfigFileSchema>;
  try {
    parsed = endpointConfigFileSchema.parse(JSON.parse(text));
  } catch {
    log(`CaseDesk main: ${ENDPOINT_CONFIG_FILE} is damaged (not the expected JSON); the device counts as not enrolled until it enrols again`);
    return null;
  }
  // The origin rules are applied again, so a hand-edited `http://` to another
  // machine is refused here as it would be at enrolment.
  const origin = parseEndpointOrigin(parsed.origin);
  if (!origin.ok || origin.origin !== parsed.origin) {
    log(`CaseDesk main: ${ENDPOINT_CONFIG_FILE} names an endpoint the app does not allow; the device counts as not enrolled`);
    return null;
  }
  return { origin: origin.origin, spkiPin: parsed.spkiPin };
}
