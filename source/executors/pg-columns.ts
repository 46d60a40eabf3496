// PostgreSQL values and column types as the operator reads them in psql.
// Values stay in the server's text form (int8, numeric, dates, json, arrays, bytea as
// `\x…`), so they match what a checklist copied from psql says and never depend on the
// bastion's time zone. Only bool and small numbers become JS values.

import type { CustomTypesConfig } from 'pg';
import type { Cell } from './types';

/** Type names of the common built-in OIDs; others are looked up in pg_type once. */
export const PG_TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [16, 'bool'], [17, 'bytea'], [18, 'char'], [19, 'name'], [20, 'int8'], [21, 'int2'],
  [23, 'int4'], [24, 'regproc'], [25, 'text'], [26, 'oid'], [28, 'xid'], [114, 'json'],
  [142, 'xml'], [194, 'pg_node_tree'], [650, 'cidr'], [700, 'float4'], [701, 'float8'],
  [705, 'unknown'], [790, 'money'], [829, 'macaddr'], [869, 'inet'], [1042, 'bpchar'],
  [1043, 'varchar'], [1082, 'date'], [1083, 'time'], [1114, 'timestamp'],
  [1184, 'timestamptz'], [1186, 'interval'], [1266, 'timetz'], [1560, 'bit'],
  [1562, 'varbit'], [1700, 'numeric'], [2205, 'regclass'], [2206, 'regtype'],
  [2249, 'record'], [2278, 'void'], [2950, 'uuid'], [3220, 'pg_lsn'], [3614, 'tsvector'],
  [3802, 'jsonb'], [4089, 'regnamespace'], [5069, 'xid8'],
  [1000, '_bool'], [1005, '_int2'], [1007, '_int4'], [1009, '_text'], [1015, '_varchar'],
  [1016, '_int8'], [1021, '_float4'], [1022, '_float8'], [1115, '_timestamp'],
  [1182, '_date'], [1185, '_timestamptz'], [1231, '_numeric'], [2951, '_uuid'],
  [199, '_json'], [3807, '_jsonb'], [1034, '_aclitem'], [1033, 'aclitem'],
]);

const asText = (value: string): string => value;

function parserFor(oid: number): (value: string) => Cell {
  switch (oid) {
    case 16:
      return (v) => v === 't';
    case 21:
    case 23:
    case 26:
      return Number;
    case 700:
    case 701:
      // NaN and Infinity are not JSON; keep them as the text psql shows.
      return (v) => (Number.isFinite(Number(v)) ? Number(v) : v);
    default:
      return asText;
  }
}

export const psqlTypes: CustomTypesConfig = {
  // The protocol is text format throughout (pg never asks for binary here).
  getTypeParser: ((oid: number) => parserFor(oid)) as CustomTypesConfig['getTypeParser'],
};
