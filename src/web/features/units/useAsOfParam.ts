import { useSearchParams } from 'react-router';
import { AS_OF_PARAM } from '../../app/paths';
import { isIsoDate, todayIso } from '../../lib/format';

/**
 * The "as of" date kept in the address (?ngay=YYYY-MM-DD), so a view of the old map can be shared
 * and reopened. `explicit` is false when the address has none (today is used).
 */
export function useAsOfParam(): {
  asOf: string;
  explicit: boolean;
  setAsOf: (iso: string) => void;
} {
  const [searchParams, setSearchParams] = useSearchParams();
  const raw = searchParams.get(AS_OF_PARAM);
  const explicit = isIsoDate(raw);
  const asOf = explicit ? raw : todayIso();
  const setAsOf = (iso: string) => {
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set(AS_OF_PARAM, iso);
        return next;
      },
      { replace: false },
    );
  };
  return { asOf, explicit, setAsOf };
}
