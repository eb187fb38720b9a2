import type { TemplateDefinition } from '../../../shared/review-template/template-definition';
import type { ReviewConflict } from '../../sync/sync-records';
import { describeAnswer } from './review-answers';

interface ConflictViewProps {
  readonly template: TemplateDefinition;
  readonly conflict: ReviewConflict;
  readonly onKeepMine: () => void;
  readonly onTakeTheirs: () => void;
}

/** The endpoint's version beside the reviewer's, field by field; the reviewer decides which stands. */
export function ConflictView({ template, conflict, onKeepMine, onTakeTheirs }: ConflictViewProps) {
  const theirs = conflict.current?.answers ?? {};
  const mine = conflict.mine.answers;
  return (
    <section className="conflict" aria-labelledby="conflict-title" data-testid="conflict-view">
      <h3 id="conflict-title">This case changed on the endpoint while you worked on it</h3>
      <p>
        Someone submitted version {conflict.current?.version ?? '?'} before yours arrived. Your outcome is kept in the history
        {conflict.keptAs !== null ? ` (version ${conflict.keptAs})` : ''}. Choose which one stands.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">On the endpoint</th>
            <th scope="col">Yours</th>
          </tr>
        </thead>
        <tbody>
          {template.fields.map((field) => {
            const differs = JSON.stringify(theirs[field.id]) !== JSON.stringify(mine[field.id]);
            return (
              <tr key={field.id} className={differs ? 'differs' : undefined} data-testid="conflict-row" data-differs={differs}>
                <th scope="row">{field.label}</th>
                <td>{describeAnswer(field, theirs[field.id])}</td>
                <td>{describeAnswer(field, mine[field.id])}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="conflict-actions">
        <button type="button" onClick={onKeepMine}>
          Keep mine
        </button>
        <button type="button" onClick={onTakeTheirs}>
          Take the endpoint&apos;s version
        </button>
      </div>
    </section>
  );
}
