import { markerFor, segmentVisibleText } from './visible-text';

/**
 * Case text shown as data: isolated from the text around it (so an RTL run
 * cannot reorder its neighbours) and with every bidi control or invisible
 * format character replaced by a visible, named marker (visible-text.ts).
 */
export function VisibleText({ text }: { text: string }) {
  const segments = segmentVisibleText(text);
  if (segments.length === 1 && segments[0]!.kind === 'text') return <bdi className="case-text">{text}</bdi>;
  return (
    <bdi className="case-text">
      {segments.map((segment, index) =>
        segment.kind === 'text' ? (
          segment.text
        ) : (
          <abbr key={index} className="hidden-character" title={`${segment.name} (${segment.code}), shown instead of acting`} data-testid="hidden-character" data-code={segment.code}>
            {markerFor(segment)}
          </abbr>
        ),
      )}
    </bdi>
  );
}
