/**
 * Splits one CSV line (RFC 4180 quoting: fields in double quotes may hold commas, `""` is a quote). Returns
 * undefined when a quoted field is not closed on the line.
 *
 * ```ts
 * splitCsvLine('11,"American President, The (1995)",Comedy|Drama|Romance');
 * // ['11', 'American President, The (1995)', 'Comedy|Drama|Romance']
 * ```
 */
export function splitCsvLine(line: string): string[] | undefined {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let index = 0;
  while (true) {
    if (line[index] === '"') {
      let value = '';
      index += 1;
      while (true) {
        const quote = line.indexOf('"', index);
        if (quote === -1) return undefined;
        value += line.slice(index, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          index = quote + 2;
        } else {
          index = quote + 1;
          break;
        }
      }
      fields.push(value);
      if (index === line.length) return fields;
      if (line[index] !== ',') return undefined;
      index += 1;
    } else {
      const comma = line.indexOf(',', index);
      if (comma === -1) {
        fields.push(line.slice(index));
        return fields;
      }
      fields.push(line.slice(index, comma));
      index = comma + 1;
    }
  }
}
