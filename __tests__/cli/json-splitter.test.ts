import { FindingsJsonSplitter, JsonShapeError } from '../../cli/findings/json-splitter';

/** Splits text fed in chunks of `size` bytes and returns the parsed findings' Ids. */
function split(text: string, size = 1 << 20): unknown[] {
  const splitter = new FindingsJsonSplitter();
  const bytes = Buffer.from(text);
  const out: unknown[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    for (const v of splitter.push(bytes.subarray(i, i + size))) out.push((JSON.parse(v.text) as { Id: unknown }).Id);
  }
  splitter.end();
  return out;
}

const tricky = {
  Id: 'a"}]{[\\',
  Title: 'Findings: [ "not", "an", "array" ]',
  Nested: { Findings: [{ Id: 'inner' }] },
  Uni: 'Zürich ✓ 🚀',
  Esc: '\\"\\\\',
};

describe('FindingsJsonSplitter', () => {
  const shapes: [string, string][] = [
    ['get-findings envelope', JSON.stringify({ Findings: [{ Id: 1 }, { Id: 2 }, tricky] }, null, 4)],
    ['envelope with NextToken first', JSON.stringify({ NextToken: 'x]}', Findings: [{ Id: 1 }, { Id: 2 }, tricky] })],
    ['JSON Lines', [{ Id: 1 }, { Id: 2 }, tricky].map((f) => JSON.stringify(f)).join('\n') + '\n'],
    [
      'JSON Lines with CRLF and blank lines',
      `\r\n${[{ Id: 1 }, { Id: 2 }, tricky].map((f) => JSON.stringify(f)).join('\r\n\r\n')}`,
    ],
    ['top-level array', JSON.stringify([{ Id: 1 }, { Id: 2 }, tricky])],
    [
      'two envelopes (concatenated pages)',
      `${JSON.stringify({ Findings: [{ Id: 1 }] })}\n${JSON.stringify({ Findings: [{ Id: 2 }, tricky] })}`,
    ],
    ['byte order mark', `\ufeff${JSON.stringify({ Findings: [{ Id: 1 }, { Id: 2 }, tricky] })}`],
  ];

  test.each(shapes)('%s, whole and in every chunk size down to one byte', (_name, text) => {
    for (const size of [1 << 20, 1, 2, 3, 7, 64]) expect(split(text, size)).toEqual([1, 2, tricky.Id]);
  });

  test('an envelope with no findings yields none but counts as input', () => {
    const splitter = new FindingsJsonSplitter();
    expect(splitter.push(Buffer.from('{"Findings": []}'))).toEqual([]);
    expect(splitter.end()).toBe(true);
  });

  test('empty input says so', () => {
    const splitter = new FindingsJsonSplitter();
    splitter.push(Buffer.from(' \n\t '));
    expect(splitter.end()).toBe(false);
  });

  test('reports the line each finding starts on', () => {
    const splitter = new FindingsJsonSplitter();
    const values = splitter.push(Buffer.from('{"Id":1}\n\n{"Id":2,\n"X":1}\n{"Id":3}'));
    expect(values.map((v) => v.line)).toEqual([1, 3, 5]);
  });

  test.each([
    ['a number', '42', /found a number at line 1/],
    ['a string', '"findings"', /found a string at line 1/],
    ['a bare word', 'hello', /found "h" at line 1/],
    ['numbers in the findings array', '{"Findings": [1, 2]}', /findings array holds a number or literal/],
    ['strings in a top-level array', '["a"]', /findings array holds a string/],
    ['nested arrays in a top-level array', '[[{}]]', /findings array holds an array/],
    ['mismatched brackets', '{"Id": 1]', /unexpected "]" at line 1/],
  ])('rejects %s', (_name, text, message) => {
    expect(() => split(text)).toThrow(JsonShapeError);
    expect(() => split(text)).toThrow(message);
  });

  test('rejects truncated input', () => {
    expect(() => split('{"Findings": [{"Id": 1}, {"Id": 2')).toThrow(/ends inside a JSON value .* looks truncated/);
  });

  test('holds at most one finding: memory does not grow with the input', () => {
    const splitter = new FindingsJsonSplitter();
    const finding = JSON.stringify({ Id: 'x', Payload: 'y'.repeat(1000) });
    splitter.push(Buffer.from('{"Findings": ['));
    let count = 0;
    for (let i = 0; i < 20_000; i++) count += splitter.push(Buffer.from(`${i ? ',' : ''}${finding}`)).length;
    splitter.push(Buffer.from(']}'));
    expect(splitter.end()).toBe(true);
    expect(count).toBe(20_000);
    // Nothing is retained between findings.
    expect((splitter as unknown as { pieces: Buffer[] }).pieces).toHaveLength(0);
  });
});
