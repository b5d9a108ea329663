import { describe, expect, it } from 'vitest';
import { diffRecords, showValue } from './diff';

describe('audit diff', () => {
  it('lists only the fields that changed, nested ones with dotted paths', () => {
    const rows = diffRecords(
      {
        displayName: 'Nguyễn Văn A',
        active: true,
        unit: { code: '04381', name: 'Xã Lâm Giang' },
        version: 1,
      },
      {
        displayName: 'Nguyễn Văn B',
        active: true,
        unit: { code: '04381', name: 'Xã Lâm Giang' },
        version: 2,
        email: 'a@b.vn',
      },
    );
    expect(rows).toEqual([
      { path: 'displayName', before: 'Nguyễn Văn A', after: 'Nguyễn Văn B', change: 'changed' },
      { path: 'version', before: '1', after: '2', change: 'changed' },
      { path: 'email', before: null, after: 'a@b.vn', change: 'added' },
    ]);
  });

  it('shows a creation, a deletion and arrays as wholes', () => {
    expect(diffRecords(null, { roles: [{ role: 'commune' }] })).toEqual([
      { path: 'roles', before: null, after: '[{"role":"commune"}]', change: 'added' },
    ]);
    expect(diffRecords({ active: true }, null)).toEqual([
      { path: 'active', before: 'true', after: null, change: 'removed' },
    ]);
    expect(diffRecords('a', 'b')).toEqual([
      { path: '', before: 'a', after: 'b', change: 'changed' },
    ]);
    expect(diffRecords({ a: 1 }, { a: 1 })).toEqual([]);
  });

  it('writes values as people read them', () => {
    expect(showValue(undefined)).toBeNull();
    expect(showValue(false)).toBe('false');
    expect(showValue({ a: 1 })).toBe('{"a":1}');
  });
});
