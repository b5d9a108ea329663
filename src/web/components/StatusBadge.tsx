import type { ReactNode } from 'react';
import classes from './StatusBadge.module.css';

export type StatusTone = 'success' | 'danger' | 'warning' | 'info' | 'neutral';

interface StatusBadgeProps {
  tone: StatusTone;
  /** The status in words: colour is never the only signal (UX.md). */
  children: ReactNode;
  icon?: ReactNode;
  'data-testid'?: string;
}

/** A status label: word + icon + colour, with AA contrast in every tone. */
export function StatusBadge({ tone, children, icon, ...rest }: StatusBadgeProps) {
  return (
    <span className={classes.badge} data-tone={tone} {...rest}>
      {icon}
      <span>{children}</span>
    </span>
  );
}
