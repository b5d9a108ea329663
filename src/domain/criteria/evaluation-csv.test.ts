import { describe, expect, it } from 'vitest';
import { readCsv } from './csv';
import { compileCriteriaSet } from './evaluate';
import { parseEvaluationCsv } from './evaluation-csv';
import { criterion, indicator, makeSet } from './test-helpers';

const compiled = compileCriteriaSet(
  makeSet([
    criterion('3', [
      indicator({ code: '3.1', type: 'percent', rule: { op: 'gte', value: 80 } }),
      indicator({ code: '3.2' }),
    ]),
    criterion('10', [indicator({ code: '10', type: 'number', rule: { op: 'gte', value: 50 } })]),
    criterion('15', [
      indicator({
        code: '15.4',
        type: 'percent',
        rule: { op: 'gte', byClass: { TDMNPB: 50 } },
        noThreshold: 'judgement',
      }),
    ]),
  ]),
);

const HEADER = 'unit_code,class,year,indicator_code,value';

function problems(text: string): string[] {
  const { issues, units } = parseEvaluationCsv(text, compiled);
  if (issues.length > 0) expect(units).toEqual([]);
  return issues.map((i) => `${i.line}:${i.column} ${i.code} ${JSON.stringify(i.params)}`);
}

describe('readCsv', () => {
  it('keeps the line and column of each field, handles quotes, CRLF and a BOM', () => {
    const { records, issues } = readCsv('\uFEFFa,"b, c"\r\n"x ""y""",\r\n\r\n"multi\nline",z\n');
    expect(issues).toEqual([]);
    expect(records).toEqual([
      {
        line: 1,
        fields: [
          { text: 'a', line: 1, column: 1 },
          { text: 'b, c', line: 1, column: 3 },
        ],
      },
      {
        line: 2,
        fields: [
          { text: 'x "y"', line: 2, column: 1 },
          { text: '', line: 2, column: 11 },
        ],
      },
      {
        line: 4,
        fields: [
          { text: 'multi\nline', line: 4, column: 1 },
          { text: 'z', line: 5, column: 7 },
        ],
      },
    ]);
  });

  it('reports quotes in the wrong place and unterminated quotes', () => {
    expect(readCsv('a,b"c\nd,e\n').issues).toEqual([
      { line: 1, column: 4, code: 'unexpected_quote' },
    ]);
    expect(readCsv('a,"b"c\n').issues).toEqual([{ line: 1, column: 6, code: 'unexpected_quote' }]);
    expect(readCsv('a,b\nc,"d\n').issues).toEqual([
      { line: 2, column: 3, code: 'unterminated_quote' },
    ]);
  });
});

describe('parseEvaluationCsv', () => {
  it('groups rows by unit and year in order of first appearance; empty = missing', () => {
    const { units, issues } = parseEvaluationCsv(
      [
        HEADER,
        '00004,DBSH,2024,3.1,"85,5"',
        '00001,TDMNPB,2024,3.2,Đạt',
        '00004,DBSH,2024,3.2,không đạt',
        '00004,DBSH,2025,3.2,TRUE',
        '00001,TDMNPB,2024,10,',
        '00001,TDMNPB,2024,15.4,50',
        '00004,DBSH,2024,15.4,false',
        '00004,DBSH,2024,10,-3',
      ].join('\n'),
      compiled,
    );
    expect(issues).toEqual([]);
    expect(
      units.map((u) => [u.unit, u.class, u.year, u.line, Object.fromEntries(u.values)]),
    ).toEqual([
      ['00004', 'DBSH', 2024, 2, { '3.1': 85.5, '3.2': false, '15.4': false, '10': -3 }],
      ['00001', 'TDMNPB', 2024, 3, { '3.2': true, '10': null, '15.4': 50 }],
      ['00004', 'DBSH', 2025, 5, { '3.2': true }],
    ]);
  });

  it('accepts the columns in any order and ignores extra ones', () => {
    const { units, issues } = parseEvaluationCsv(
      'value,note,indicator_code,year,class,unit_code\n90,"ghi chú, có dấu phẩy",3.1,2024,BTB,X\n',
      compiled,
    );
    expect(issues).toEqual([]);
    expect(units[0]?.values.get('3.1')).toBe(90);
  });

  it('an empty file and missing columns', () => {
    expect(problems('')).toEqual(['1:1 empty_file {}']);
    expect(problems('unit_code,class,year,value\n')).toEqual([
      '1:1 missing_column {"column":"indicator_code"}',
    ]);
    expect(problems(`${HEADER},year\n`)).toEqual(['1:43 duplicate_column {"column":"year"}']);
  });

  it('reports every bad row with the line and column of the bad field', () => {
    expect(
      problems(
        [
          HEADER,
          'A,DBSH,2024,9.9,1', // unknown indicator
          'B,XYZ,2024,3.1,90', // unknown class
          'C,DBSH,24,3.1,90', // year
          'D,DBSH,2024,3.1,abc', // not a number
          'E,DBSH,2024,3.1,12.5%', // a lone decimal point: 12,5 or 125?
          'F,DBSH,2024,3.1,"100,5"', // percent out of range
          'G,DBSH,2024,3.2,1', // not a boolean
          'H,DBSH,2024,3.1', // too few fields
          'I,DBSH,2024,3.1,80,extra', // too many
          ',DBSH,2024,3.2,true', // empty unit
          'J,,2024,3.2,true', // class required
          'A,BTB,2024,3.2,true', // class conflict with line 2
          'K,DBSH,2024,10,12,5', // comma decimal → too many fields
          'A,DBSH,2024,3.1,90',
          'A,DBSH,2024,3.1,91', // duplicate value
          'L,DBSH,2024,,1', // empty indicator code
          'M,BTB,2024,15.4,70', // judged class needs yes/no
          'N,DBSH,2024,"3.1,x",1', // quoted unknown indicator
          'O,DBSH,2024,3.2,"tru"e"', // malformed quote
        ].join('\n'),
      ),
    ).toEqual([
      '2:13 unknown_indicator {"value":"9.9"}',
      '3:3 unknown_class {"value":"XYZ","classes":"TDMNPB, DBSH, BTB, DHNTB, TN, DNB, DBSCL"}',
      '4:8 invalid_year {"value":"24"}',
      '5:17 not_a_number {"value":"abc","indicator":"3.1"}',
      '6:17 ambiguous_number {"value":"12.5%","indicator":"3.1","first":"12,5","second":"125"}',
      '7:17 percent_out_of_range {"value":"100,5","indicator":"3.1","class":"DBSH","year":2024}',
      '8:17 not_a_boolean {"value":"1","indicator":"3.2","class":"DBSH","year":2024}',
      '9:16 field_count {"expected":5,"actual":4}',
      '10:20 field_count {"expected":5,"actual":6}',
      '11:1 empty_unit {}',
      '12:3 class_required {"classes":"TDMNPB, DBSH, BTB, DHNTB, TN, DNB, DBSCL"}',
      '13:3 class_conflict {"unit":"A","year":2024,"value":"BTB","previous":"DBSH","line":2}',
      '14:19 field_count {"expected":5,"actual":6}',
      '16:13 duplicate_value {"unit":"A","year":2024,"indicator":"3.1","line":15}',
      '17:13 empty_indicator {}',
      '18:17 expected_judgement {"value":"70","indicator":"15.4","class":"BTB","year":2024}',
      '19:13 unknown_indicator {"value":"3.1,x"}',
      '20:22 unexpected_quote {}',
    ]);
  });

  it('a set without classification takes an empty class only', () => {
    const none = compileCriteriaSet(
      makeSet([criterion('1', [indicator({ code: '1' })])], {
        classification: 'none',
        classes: [],
      }),
    );
    const ok = parseEvaluationCsv(`${HEADER}\nH1,,2024,1,đạt\n`, none);
    expect(ok.issues).toEqual([]);
    expect(ok.units[0]?.class).toBeNull();
    const bad = parseEvaluationCsv(`${HEADER}\nH1,DBSH,2024,1,đạt\n`, none);
    expect(bad.issues.map((i) => [i.line, i.column, i.code])).toEqual([
      [2, 4, 'class_not_allowed'],
    ]);
  });
});
