import type { TemplateDefinition } from '../review-template/template-definition';
import type { Batch, ReviewState } from '../sync-protocol/pull';

/**
 * Everything one export is built from, gathered by the lead's app from its
 * vault. Pure data: the builders in this folder turn it into the four files.
 */
export interface ExportedOutcome {
  readonly caseId: string;
  /** The case's reference as the investigation team knows it. */
  readonly caseReference: string;
  readonly batchId: string;
  /** The review as the endpoint holds it, QC decision included. */
  readonly review: ReviewState;
}

/** How the batches were quality-checked before they left the team. */
export interface ExportQcPolicy {
  /** False when the lead chose to export submitted reviews without QC approval of every case. */
  readonly requireApproval: boolean;
  /** The QC sample drawn for these batches, so it can be drawn again (lead-qc/draw-qc-sample.ts). */
  readonly sample: {
    readonly method: 'percentage' | 'count';
    readonly value: number;
    readonly seed: number;
    readonly drawnCount: number;
  } | null;
}

/** Who discloses to whom, why, when and from which device: how every export's manifest opens (DPA 2018 s.62). */
export interface DisclosureHeader {
  /** UUIDv7, made by the app when the lead starts the export. */
  readonly exportId: string;
  /** ISO 8601, UTC. */
  readonly createdAt: string;
  readonly lead: { readonly userId: string };
  readonly device: { readonly deviceId: string; readonly deviceName: string };
  /** Who receives the export and why: written into the manifest. */
  readonly recipient: string;
  readonly justification: string;
}

/** The header's fields exactly as a manifest carries them (nothing else the input may hold). */
export function manifestHeader(input: DisclosureHeader): DisclosureHeader {
  return {
    exportId: input.exportId,
    createdAt: input.createdAt,
    lead: { userId: input.lead.userId },
    device: { deviceId: input.device.deviceId, deviceName: input.device.deviceName },
    recipient: input.recipient,
    justification: input.justification,
  };
}

export interface ExportInput extends DisclosureHeader {
  readonly batches: readonly Pick<Batch, 'batchId' | 'name'>[];
  /** The one template every exported outcome answers (its columns are the table's columns). */
  readonly template: TemplateDefinition;
  readonly templateVersion: number;
  readonly qcPolicy: ExportQcPolicy;
  readonly outcomes: readonly ExportedOutcome[];
}
