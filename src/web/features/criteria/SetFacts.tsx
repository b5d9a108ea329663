import { Anchor, Card } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { criteriaSetPath } from '../../app/paths';
import { IconCheck, IconEdit } from '../../components/icons';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, formatDateTime } from '../../lib/format';
import type { CriteriaSet, CriteriaSetListItem } from './types';
import classes from './SetFacts.module.css';

type T = TFunction;

/** "Trung ương" or "Thành phố Hà Nội (mã 01)". */
export function issuerText(set: Pick<CriteriaSetListItem, 'issuer' | 'issuerName'>, t: T): string {
  if (set.issuer === 'central') return t('criteria.central');
  return t('criteria.issuerProvince', { name: set.issuerName ?? set.issuer, code: set.issuer });
}

/** "01/01/2022 – 31/12/2025". */
export function periodText(set: Pick<CriteriaSetListItem, 'validFrom' | 'validTo'>): string {
  return `${formatDate(set.validFrom)} – ${formatDate(set.validTo)}`;
}

/** "Theo vùng kinh tế – xã hội (7 vùng)". */
export function classificationText(
  set: Pick<CriteriaSetListItem, 'classification' | 'classes'>,
  t: T,
): string {
  if (set.classification === 'none') return t('criteria.classification.none');
  return t(`criteria.classification.${set.classification}`, { count: set.classes.length });
}

export function SetStatusBadge({ status }: { status: CriteriaSetListItem['status'] }) {
  const { t } = useTranslation();
  return status === 'published' ? (
    <StatusBadge tone="success" icon={<IconCheck size={16} />}>
      {t('criteria.status.published')}
    </StatusBadge>
  ) : (
    <StatusBadge tone="info" icon={<IconEdit size={16} />}>
      {t('criteria.status.draft')}
    </StatusBadge>
  );
}

/** The identity of a set: issuer, legal basis, level, period, classes, parent, publication. */
export function SetFacts({ set }: { set: CriteriaSet }) {
  const { t } = useTranslation();
  const rows: Array<[string, ReactNode]> = [
    [t('criteria.code'), <code key="code">{set.code}</code>],
    [t('criteria.issuer'), issuerText(set, t)],
    [t('criteria.basis'), set.basis],
    [
      t('criteria.levelLabel'),
      `${t(`criteria.level.${set.level}`)} · ${t(`criteria.kind.${set.kind}`)}`,
    ],
    [t('criteria.periodLabel'), periodText(set)],
    [
      t('criteria.classificationLabel'),
      set.classification === 'none' ? (
        classificationText(set, t)
      ) : (
        <div key="classes">
          <div>{classificationText(set, t)}</div>
          <ul className={classes.classes}>
            {set.classes.map((key) => {
              const info = set.classInfo[key];
              return (
                <li key={key}>
                  <strong>{info?.label ?? key}</strong>
                  {info?.name && info.name !== info.label ? ` – ${info.name}` : ''}
                </li>
              );
            })}
          </ul>
        </div>
      ),
    ],
  ];
  if (set.extends) {
    rows.push([
      t('criteria.extends'),
      <span key="extends">
        <Anchor component={Link} to={criteriaSetPath(set.extends)}>
          {set.extends}
        </Anchor>{' '}
        ({t('criteria.extendsHint')})
      </span>,
    ]);
  }
  if (set.amendment) {
    rows.push([
      t('criteria.amendment.facts'),
      <span key="amendment">
        {t('criteria.amendment.factValue', {
          decision: set.amendment.decision,
          date: formatDate(set.amendment.date),
          amends: set.amendment.amends,
        })}
      </span>,
    ]);
  }
  if (set.basedOn && set.basedOn !== set.extends) {
    rows.push([
      t('criteria.basedOn'),
      <Anchor key="basedOn" component={Link} to={criteriaSetPath(set.basedOn)}>
        {set.basedOn}
      </Anchor>,
    ]);
  }
  rows.push([
    t('criteria.statusLabel'),
    <span key="status" className={classes.status}>
      <SetStatusBadge status={set.status} />
      {set.publishedAt && (
        <span>
          {t('criteria.publishedOn', {
            date: formatDateTime(set.publishedAt),
            by: set.publishedBy ?? '—',
          })}
        </span>
      )}
    </span>,
  ]);
  rows.push([
    t('criteria.hash'),
    <code key="hash" className={classes.hash} title={set.contentHash}>
      {set.contentHash.slice(0, 16)}…
    </code>,
  ]);
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-label={t('criteria.facts')}>
      <dl className={classes.facts}>
        {rows.map(([term, value]) => (
          <div key={term} className={classes.fact}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
