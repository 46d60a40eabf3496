// Query results as plain data: what a SQL step returned, statement by statement.
// Executors produce them; expectations, captures and comparisons read them.

export type Cell = string | number | boolean | null;

export interface Column {
  name: string;
  /** Database type name as the driver reports it ('int8', 'text', 'INTEGER', …). */
  type: string;
}

export interface ResultSet {
  /** Index of the statement within the step. */
  statement: number;
  /** The command tag: SELECT, INSERT, UPDATE, CREATE, … */
  command: string;
  columns: Column[];
  /** Cells as JSON-safe values (bigint, Date and Buffer turned to strings by the executor). */
  rows: Cell[][];
  /** Rows returned, or rows affected for DML. */
  rowCount: number;
}
