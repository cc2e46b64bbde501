import { useId, useRef } from 'react';
import { placeOf, type DraftIssue } from './draft';

/** Character offset of a 1-based line and column in `text`. */
function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let index = 0; index < line - 1 && index < lines.length; index += 1) offset += lines[index].length + 1;
  return offset + Math.max(0, column - 1);
}

/**
 * A text area for XML (FetchXML, BlobStoreFilter) with line numbers, and the bridge's errors under it at
 * their line and column; each error's button puts the caret there.
 */
export function XmlField({
  label,
  value,
  onChange,
  issues,
  placeholder,
}: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly issues: readonly DraftIssue[];
  readonly placeholder?: string;
}) {
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const lines = Math.max(4, value.split('\n').length);
  const goTo = (issue: DraftIssue) => {
    const element = area.current;
    if (!element || !issue.line) return;
    const offset = offsetOf(value, issue.line, issue.column ?? 1);
    element.focus();
    element.setSelectionRange(offset, offset);
  };
  return (
    <div className="xml-field">
      <label htmlFor={id}>{label}</label>
      <div className="xml-editor">
        <pre className="gutter" aria-hidden="true">
          {Array.from({ length: lines }, (_, index) => (
            <span key={index} className={issues.some((issue) => issue.line === index + 1) ? 'bad-line' : undefined}>
              {index + 1}
              {'\n'}
            </span>
          ))}
        </pre>
        <textarea
          id={id}
          ref={area}
          value={value}
          rows={lines}
          spellCheck={false}
          placeholder={placeholder}
          aria-invalid={issues.length > 0}
          aria-describedby={issues.length > 0 ? `${id}-issues` : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      </div>
      {issues.length > 0 && (
        <ul id={`${id}-issues`} className="issues" aria-live="polite">
          {issues.map((issue, index) => (
            <li key={index} className="error" data-line={issue.line ?? undefined}>
              {issue.line ? (
                <button type="button" className="link" onClick={() => goTo(issue)}>
                  Line {issue.line}, column {issue.column ?? 0}
                </button>
              ) : (
                <span>{placeOf(issue)}</span>
              )}
              : {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
