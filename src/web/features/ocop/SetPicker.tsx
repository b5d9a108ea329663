import { Select, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OcopRuleVersion } from './types';

/** The catalogue's tree of a rule version: sector → group → set (bộ sản phẩm). */
export function SetPicker({
  version,
  value,
  onChange,
  error,
}: {
  version: OcopRuleVersion;
  value: string | null;
  onChange: (setCode: string | null) => void;
  error?: string | null;
}) {
  const { t } = useTranslation();
  const located = locate(version, value);
  const [sector, setSector] = useState<string | null>(located?.sector ?? null);
  const [group, setGroup] = useState<string | null>(located?.group ?? null);
  const sectorNode = version.catalogue.find((item) => item.code === sector);
  const groupNode = sectorNode?.groups.find((item) => item.code === group);
  return (
    <Stack gap="xs">
      <Select
        label={t('ocop.product.sector')}
        data={version.catalogue.map((item) => ({ value: item.code, label: item.name }))}
        value={sector}
        onChange={(next) => {
          setSector(next);
          setGroup(null);
          onChange(null);
        }}
        required
        data-testid="product-sector"
      />
      <Select
        label={t('ocop.product.group')}
        data={(sectorNode?.groups ?? []).map((item) => ({ value: item.code, label: item.name }))}
        value={group}
        onChange={(next) => {
          setGroup(next);
          onChange(null);
        }}
        disabled={!sectorNode}
        required
        data-testid="product-group"
      />
      <Select
        label={t('ocop.product.set')}
        data={(groupNode?.sets ?? []).map((item) => ({ value: item.code, label: item.name }))}
        value={value}
        onChange={onChange}
        disabled={!groupNode}
        required
        error={error}
        data-testid="product-set"
      />
    </Stack>
  );
}

function locate(version: OcopRuleVersion, setCode: string | null) {
  if (!setCode) return null;
  for (const sector of version.catalogue) {
    for (const group of sector.groups) {
      if (group.sets.some((item) => item.code === setCode)) {
        return { sector: sector.code, group: group.code };
      }
    }
  }
  return null;
}

/** The set's name under a version, or its code. */
export function setName(version: OcopRuleVersion | undefined, setCode: string): string {
  for (const sector of version?.catalogue ?? []) {
    for (const group of sector.groups) {
      const found = group.sets.find((item) => item.code === setCode);
      if (found) return found.name;
    }
  }
  return setCode;
}

/** The version in force today (the newest started one), from the list the server gives. */
export function currentVersion(versions: OcopRuleVersion[] | undefined, today: string) {
  const started = (versions ?? []).filter(
    (item) => item.validFrom <= today && (item.validTo === null || today < item.validTo),
  );
  return started.sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0] ?? versions?.at(-1);
}
