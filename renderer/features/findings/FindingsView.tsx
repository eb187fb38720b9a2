import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { findingsFilterChoices } from '../../../shared/findings/compute-findings';
import { FieldFigure, type FindingsMode } from './FieldFigure';
import { FindingsExportForm } from './FindingsExportForm';
import { FindingsFilters, type FilterChoices } from './FindingsFilters';
import type { FindingsStore } from './findings-store';
import { versionsWords } from './findings-words';

/**
 * The lead's findings across the team's submitted and approved reviews held
 * on this device: per question, counts and shares or a distribution, as bars
 * with their numbers or as tables. Computed here; nothing leaves the device.
 */
export function FindingsView({ store, dataVersion }: { store: FindingsStore; dataVersion: number }) {
  const data = useStore(store, (state) => state.data);
  const findings = useStore(store, (state) => state.findings);
  const filter = useStore(store, (state) => state.filter);
  const problem = useStore(store, (state) => state.problem);
  const [mode, setMode] = useState<FindingsMode>('charts');

  useEffect(() => {
    void store.getState().load();
  }, [store, dataVersion]);

  const choices = useMemo((): FilterChoices => {
    const found = findingsFilterChoices(data?.outcomes ?? []);
    return {
      batches: found.batchIds.map((id) => ({ id, name: data?.batchNames.get(id) ?? id })),
      boroughs: found.boroughs,
      reviewerIds: found.reviewerIds,
    };
  }, [data]);

  return (
    <section className="findings" aria-labelledby="findings-heading" data-testid="findings">
      <h2 id="findings-heading">Findings</h2>
      <p className="muted">
        Across the team&apos;s submitted and approved reviews held on this device, computed here: nothing is sent anywhere. Returned reviews are left out.
      </p>
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
      {data && data.outcomes.length === 0 && <p data-testid="findings-empty">No submitted or approved reviews have reached this device yet.</p>}
      {data && data.outcomes.length > 0 && findings && (
        <>
          <FindingsFilters filter={filter} choices={choices} onChange={(change) => store.getState().setFilter(change)} />
          <div className="findings-toolbar">
            <p role="status" data-testid="findings-scope" data-count={findings.outcomesInScope}>
              {findings.outcomesInScope} of {data.outcomes.length} outcomes match the filter.
              {findings.withoutTemplate > 0 && ` ${findings.withoutTemplate} answer a template version this device does not hold and are in no figure.`}
              {data.damaged > 0 && ` ${data.damaged} records could not be opened and are left out.`}
            </p>
            <div role="group" aria-label="Show findings as" className="findings-mode">
              {(['charts', 'tables'] as const).map((choice) => (
                <button key={choice} type="button" aria-pressed={mode === choice} onClick={() => setMode(choice)} data-testid={`findings-mode-${choice}`}>
                  {choice === 'charts' ? 'Charts' : 'Tables'}
                </button>
              ))}
            </div>
          </div>
          {findings.templates.map((template) => (
            <section key={template.templateId} className="findings-template" aria-labelledby={`findings-template-${template.templateId}`}>
              <h3 id={`findings-template-${template.templateId}`}>
                {template.title} <span className="muted">({versionsWords(template.versions)}; {template.outcomes} outcomes in scope)</span>
              </h3>
              {template.fields.map((report) => (
                <FieldFigure key={report.key} report={report} mode={mode} />
              ))}
            </section>
          ))}
          <FindingsExportForm data={data} filter={filter} />
        </>
      )}
    </section>
  );
}
