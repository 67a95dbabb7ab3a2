import type { QueryFilter } from '@mandate/contracts';

/** The SQL text expression a CREST field reads, or undefined when the resource has no such field. */
export type FieldColumn = (field: string[], param: (value: unknown) => string) => string | undefined;

/**
 * Compiles a CREST query filter into a parameterised SQL condition. String comparisons ignore
 * case, as AM's directory does; a comparison on an absent field is false.
 */
export function filterToSql(filter: QueryFilter, column: FieldColumn, params: unknown[]): string {
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const walk = (f: QueryFilter): string => {
    switch (f.op) {
      case 'true':
        return 'TRUE';
      case 'false':
        return 'FALSE';
      case 'and':
      case 'or':
        return `(${f.filters.map(walk).join(f.op === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `(NOT ${walk(f.filter)})`;
      case 'pr': {
        const col = column(f.field, param);
        return col ? `(${col} IS NOT NULL)` : 'FALSE';
      }
      default: {
        const col = column(f.field, param);
        if (!col) return 'FALSE';
        if (typeof f.value !== 'string') return `COALESCE(${col} = ${param(String(f.value))}, FALSE)`;
        const value = param(f.value);
        if (f.op === 'eq') return `COALESCE(lower(${col}) = lower(${value}), FALSE)`;
        if (f.op === 'co') return `COALESCE(strpos(lower(${col}), lower(${value})) > 0, FALSE)`;
        const ordering = { gt: '>', ge: '>=', lt: '<', le: '<=' } as const;
        if (f.op in ordering) return `COALESCE(lower(${col}) ${ordering[f.op as keyof typeof ordering]} lower(${value}), FALSE)`;
        return `COALESCE(starts_with(lower(${col}), lower(${value})), FALSE)`;
      }
    }
  };
  return walk(filter);
}
