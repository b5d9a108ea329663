import { Text, UnstyledButton } from '@mantine/core';
import { forwardRef, useImperativeHandle, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { lineOf, offsetOf } from './yamlText';
import type { SetIssue } from './types';
import './monoFont.css';
import classes from './YamlEditor.module.css';

export interface YamlEditorHandle {
  /** Puts the caret at a line and column, scrolls it into view and focuses the text. */
  goTo: (line: number, column: number) => void;
}

interface YamlEditorProps {
  id: string;
  label: string;
  description: string;
  value: string;
  onChange: (value: string) => void;
  /** Lines with a problem are marked in the line numbers. */
  issues: readonly SetIssue[];
}

/** A monospace text area with line numbers, for criteria-set YAML. */
export const YamlEditor = forwardRef<YamlEditorHandle, YamlEditorProps>(function YamlEditor(
  { id, label, description, value, onChange, issues },
  ref,
) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const lineCount = useMemo(() => value.split('\n').length, [value]);
  const errorLines = useMemo(() => new Set(issues.map((issue) => issue.line)), [issues]);

  useImperativeHandle(ref, () => ({
    goTo(line, column) {
      const element = textarea.current;
      if (!element) return;
      const start = offsetOf(element.value, line, column);
      const end = offsetOf(element.value, line, Number.MAX_SAFE_INTEGER);
      element.focus();
      element.setSelectionRange(start, Math.max(start, end));
      const lineHeight = Number.parseFloat(getComputedStyle(element).lineHeight) || 20;
      element.scrollTop = Math.max(0, (line - 4) * lineHeight);
      element.scrollIntoView({ block: 'nearest' });
    },
  }));

  return (
    <div className={classes.root}>
      <Text component="label" htmlFor={id} fw={500} size="sm">
        {label}
      </Text>
      <Text id={`${id}-description`} size="xs" c="dimmed" mb={4}>
        {description}
      </Text>
      <div className={classes.frame}>
        <div ref={gutter} className={classes.gutter} aria-hidden="true">
          {Array.from({ length: lineCount }, (_, index) => (
            <div key={index} className={errorLines.has(index + 1) ? classes.errorLine : undefined}>
              {index + 1}
            </div>
          ))}
        </div>
        <textarea
          ref={textarea}
          id={id}
          className={classes.textarea}
          value={value}
          onChange={(event) => onChange(event.currentTarget.value)}
          onScroll={(event) => {
            if (gutter.current) gutter.current.scrollTop = event.currentTarget.scrollTop;
          }}
          aria-describedby={`${id}-description`}
          aria-invalid={issues.length > 0}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          autoCorrect="off"
          wrap="off"
        />
      </div>
    </div>
  );
});

interface IssueListProps {
  issues: readonly SetIssue[];
  text: string;
  onGoTo: (issue: SetIssue) => void;
}

/** Every problem with its line and column; choosing one moves the caret there. */
export function IssueList({ issues, text, onGoTo }: IssueListProps) {
  const { t } = useTranslation();
  return (
    <ol className={classes.issues} data-testid="yaml-issues">
      {issues.map((issue, index) => (
        <li key={`${issue.line}:${issue.column}:${index}`} className={classes.issue}>
          <UnstyledButton
            className={classes.where}
            onClick={() => onGoTo(issue)}
            aria-label={t('criteriaEditor.goTo', { line: issue.line, column: issue.column })}
          >
            {t('criteriaEditor.errorAt', { line: issue.line, column: issue.column })}
          </UnstyledButton>
          <span className={classes.message}>{issue.message}</span>
          {lineOf(text, issue.line).trim() !== '' && (
            <code className={classes.excerpt}>{lineOf(text, issue.line).trimStart()}</code>
          )}
        </li>
      ))}
    </ol>
  );
}
