import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { exportAssetsCsv, importAssetsCsv } from '../../assets/index.ts';
import { UTF8_BOM, charsetOf, decodeText } from '../../kernel/index.ts';
import { UsageError, type CliCommand } from '../command.ts';
import { dbOptions, readBytes, tenantScope, withDb } from '../context.ts';

export const command: CliCommand = {
  name: 'assets',
  summary: 'Import assets from CSV or export them',
  usage: `Usage:
  ronghe assets import <file.csv> --tenant <slug> [--charset utf-8|gbk|gb18030]
      (report per row; exit 1 if any row failed; the charset is detected when not named:
      UTF-8 with or without BOM, else GB18030/GBK)
  ronghe assets export --tenant <slug> [--out file.csv] [--no-bom]
      (UTF-8 with a byte-order mark, for Excel, unless --no-bom)
Columns: serial,name,model,customer,parent_serial,level,site,latitude,longitude,install_date,lifecycle,prop.<key>…
Options: [--data ./data] [--database-url URL]`,
  async run(argv) {
    const [sub, ...rest] = argv;
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        ...dbOptions,
        tenant: { type: 'string' },
        out: { type: 'string' },
        charset: { type: 'string' },
        'no-bom': { type: 'boolean' },
      },
    });
    return withDb(values, async (db) => {
      const scope = await tenantScope(db, values.tenant);
      if (sub === 'export') {
        const csv = (values['no-bom'] ? '' : UTF8_BOM) + (await exportAssetsCsv(db, scope));
        if (values.out) writeFileSync(values.out, csv);
        else process.stdout.write(csv);
        return 0;
      }
      if (sub === 'import') {
        const file = positionals[0];
        if (!file) throw new UsageError('the CSV file to import is required');
        const charset = values.charset ? charsetOf(values.charset, '--charset') : undefined;
        const text = decodeText(readBytes(file), charset, file).text;
        const report = await importAssetsCsv(db, scope, text);
        for (const r of report.rows) {
          console.log(
            r.status === 'ok'
              ? `line ${r.value?.line}: ok ${r.value?.action} ${r.value?.serial}`
              : `${file}: ${r.reason}`,
          );
        }
        console.error(`${report.ok} imported, ${report.failed} failed`);
        return report.failed ? 1 : 0;
      }
      throw new UsageError(`unknown sub-command '${sub ?? ''}'`);
    });
  },
};
