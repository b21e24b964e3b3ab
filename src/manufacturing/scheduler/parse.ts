// Parser for the .fjs text format of flexible job-shop instances (Brandimarte 1993; the same
// layout is used by Hurink, Barnes, Dauzère-Pérès & Paulli and Kacem data). Line 1: number of
// jobs, number of machines, average machines per operation (informational, may be a float).
// Then one record per job: number of operations, and for each operation the number k of
// eligible machines followed by k pairs (machine, processing time), machines numbered from 1.
// Some copies wrap a job record over several lines, so records are read as a token stream.
// Pure: takes the text, returns the instance or throws RongheError (RONGHE_INVALID_DATA).
import { invalidData } from '../../kernel/index.ts';
import type { Instance, Job, Operation } from './model.ts';

interface Token {
  text: string;
  line: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  text.split(/\r?\n/).forEach((content, i) => {
    for (const t of content.trim().split(/\s+/))
      if (t !== '') tokens.push({ text: t, line: i + 1 });
  });
  return tokens;
}

class Reader {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly file: string | undefined,
  ) {}

  get done(): boolean {
    return this.i >= this.tokens.length;
  }

  peekLine(): number | undefined {
    return this.tokens[this.i]?.line;
  }

  /** Reads a non-negative integer; `recordLine` is reported when the data ends too early. */
  int(field: string, recordLine: number, min = 0): number {
    const t = this.tokens[this.i];
    if (!t) {
      throw invalidData(
        { file: this.file, line: recordLine, field },
        {
          en: `truncated: the file ends before ${field}`,
          'zh-CN': `文件不完整：在 ${field} 之前就结束了`,
        },
      );
    }
    this.i++;
    if (!/^[+-]?\d+$/.test(t.text)) {
      throw invalidData(
        { file: this.file, line: t.line, field },
        { en: `'${t.text}' is not an integer`, 'zh-CN': `“${t.text}”不是整数` },
      );
    }
    const v = Number(t.text);
    if (v < min) {
      throw invalidData(
        { file: this.file, line: t.line, field },
        { en: `${v} is below the minimum ${min}`, 'zh-CN': `${v} 低于下限 ${min}` },
      );
    }
    return v;
  }

  lastLine(): number {
    return this.tokens[this.i - 1]?.line ?? 1;
  }
}

/** Parses .fjs text. `file` only labels error messages. */
export function parseFjs(text: string, file?: string): Instance {
  const tokens = tokenize(text);
  const first = tokens[0];
  if (!first)
    throw invalidData(
      { file, line: 1 },
      {
        en: 'empty instance: expected "jobs machines [flexibility]"',
        'zh-CN': '空实例：应为“jobs machines [flexibility]”',
      },
    );
  const header = tokens.filter((t) => t.line === first.line);
  if (header.length < 2 || header.length > 3) {
    throw invalidData(
      { file, line: first.line, field: 'header' },
      {
        en: `expected "jobs machines [average machines per operation]", found ${header.length} values`,
        'zh-CN': `应为“jobs machines [每道工序平均机器数]”，实有 ${header.length} 个值`,
      },
    );
  }
  if (header[2] && !Number.isFinite(Number(header[2].text))) {
    throw invalidData(
      { file, line: first.line, field: 'flexibility' },
      { en: `'${header[2].text}' is not a number`, 'zh-CN': `“${header[2].text}”不是数字` },
    );
  }
  const headerReader = new Reader(header.slice(0, 2), file);
  const jobCount = headerReader.int('job count', first.line, 1);
  const machineCount = headerReader.int('machine count', first.line, 1);

  const r = new Reader(tokens.slice(header.length), file);
  const jobs: Job[] = [];
  for (let j = 1; j <= jobCount; j++) {
    const recordLine = r.peekLine() ?? r.lastLine();
    const opCount = r.int(`job ${j} operation count`, recordLine, 1);
    const operations: Operation[] = [];
    for (let k = 1; k <= opCount; k++) {
      const label = `job ${j} operation ${k}`;
      const eligible = r.int(`${label} machine count`, recordLine, 1);
      if (eligible > machineCount) {
        throw invalidData(
          { file, line: r.lastLine(), field: `${label} machine count` },
          {
            en: `${eligible} eligible machines but the shop has ${machineCount}`,
            'zh-CN': `${eligible} 台可用机器，但车间只有 ${machineCount} 台`,
          },
        );
      }
      const options: Operation['options'] = [];
      for (let e = 0; e < eligible; e++) {
        const machine = r.int(`${label} machine`, recordLine, 1);
        if (machine > machineCount) {
          throw invalidData(
            { file, line: r.lastLine(), field: `${label} machine` },
            {
              en: `machine ${machine} is out of range 1..${machineCount}`,
              'zh-CN': `机器 ${machine} 超出范围 1..${machineCount}`,
            },
          );
        }
        if (options.some((o) => o.machine === machine - 1)) {
          throw invalidData(
            { file, line: r.lastLine(), field: `${label} machine` },
            { en: `machine ${machine} is listed twice`, 'zh-CN': `机器 ${machine} 列出了两次` },
          );
        }
        const duration = r.int(`${label} processing time`, recordLine, 0);
        options.push({ machine: machine - 1, duration });
      }
      operations.push({ options });
    }
    jobs.push({ operations });
  }
  if (!r.done) {
    throw invalidData(
      { file, line: r.peekLine() },
      {
        en: `the header declares ${jobCount} jobs but more data follows the last job record`,
        'zh-CN': `文件头声明了 ${jobCount} 个作业，但最后一个作业记录之后还有数据`,
      },
    );
  }
  return { machineCount, jobs };
}
