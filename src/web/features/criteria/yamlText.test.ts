import { describe, expect, it } from 'vitest';
import { lineOf, nextVersionCode, offsetOf, withCode } from './yamlText';

describe('YAML editor helpers', () => {
  it('names the next version', () => {
    expect(nextVersionCode('xa-ntm-2021-2025')).toBe('xa-ntm-2021-2025-v2');
    expect(nextVersionCode('xa-ntm-2021-2025-v2')).toBe('xa-ntm-2021-2025-v3');
  });

  it('replaces the code line only', () => {
    const text = '# code: old\ncode: xa\nname: X\ncriteria:\n  - code: "1"\n';
    expect(withCode(text, 'xa-v2')).toBe(
      '# code: old\ncode: xa-v2\nname: X\ncriteria:\n  - code: "1"\n',
    );
  });

  it('finds a line and column in the text', () => {
    const text = 'ab\ncdef\ng';
    expect(offsetOf(text, 2, 3)).toBe(5);
    expect(text[offsetOf(text, 2, 3)]).toBe('e');
    expect(offsetOf(text, 9, 9)).toBe(text.length);
    expect(lineOf(text, 2)).toBe('cdef');
    expect(lineOf(text, 5)).toBe('');
  });
});
