/** Why a file cannot be read as a spreadsheet at all. */
export type FileProblemCode =
  | 'empty_file'
  | 'not_spreadsheet'
  | 'xls_binary'
  | 'ods'
  | 'broken_xlsx'
  | 'xlsx_too_large'
  | 'csv_not_utf8'
  | 'csv_syntax';

export class FileProblem extends Error {
  constructor(
    readonly code: FileProblemCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'FileProblem';
  }
}
